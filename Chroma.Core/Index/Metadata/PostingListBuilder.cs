namespace Chroma.Core.Index.Metadata;

/// <summary>
/// Collects labels for one posting list during an index build. Labels arrive in ascending
/// order (the build walks labels in order), so a repeat of the last label is the only
/// duplicate possible and is dropped here: an array holding a value twice posts its label once.
/// </summary>
internal sealed class PostingListBuilder
{
    private int[] _labels = new int[4];
    private int _count;

    public void Add(int label)
    {
        if (_count > 0 && _labels[_count - 1] == label) return;
        if (_count == _labels.Length) Array.Resize(ref _labels, _count * 2);
        _labels[_count++] = label;
    }

    public PostingList Build(int labelCount) => PostingList.FromSorted(_labels.AsSpan(0, _count), labelCount);
}
