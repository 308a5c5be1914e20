namespace Chroma.Core.Index.Hnsw;

/// <summary>
/// A binary min-heap of (distance, label) pairs on two parallel arrays, reused across walks.
/// A max-heap is the same heap fed negated distances (as hnswlib does with its priority queues).
/// </summary>
internal sealed class MinHeap
{
    private float[] _keys = new float[64];
    private int[] _ids = new int[64];
    private int _count;

    public int Count => _count;
    public float TopKey => _keys[0];
    public int TopId => _ids[0];
    public ReadOnlySpan<float> Keys => _keys.AsSpan(0, _count);
    public ReadOnlySpan<int> Ids => _ids.AsSpan(0, _count);

    public void Clear() => _count = 0;

    public void Push(float key, int id)
    {
        if (_count == _keys.Length) Grow();
        int i = _count++;
        float[] keys = _keys;
        int[] ids = _ids;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (keys[parent] <= key) break;
            keys[i] = keys[parent];
            ids[i] = ids[parent];
            i = parent;
        }
        keys[i] = key;
        ids[i] = id;
    }

    public void Pop()
    {
        int last = --_count;
        if (last == 0) return;
        float[] keys = _keys;
        int[] ids = _ids;
        float key = keys[last];
        int id = ids[last];
        int i = 0;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= last) break;
            if (child + 1 < last && keys[child + 1] < keys[child]) child++;
            if (key <= keys[child]) break;
            keys[i] = keys[child];
            ids[i] = ids[child];
            i = child;
        }
        keys[i] = key;
        ids[i] = id;
    }

    private void Grow()
    {
        Array.Resize(ref _keys, _keys.Length * 2);
        Array.Resize(ref _ids, _ids.Length * 2);
    }
}
