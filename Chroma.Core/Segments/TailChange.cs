namespace Chroma.Core.Segments;

/// <summary>
/// What the uncompacted log did to one id relative to the base index version.
/// <see cref="Current"/> null means the id does not exist now (deleted, or an update of a
/// missing id). <see cref="BaseLabel"/> is the id's label in the base version, or -1.
/// </summary>
public sealed class TailChange
{
    public TailChange(int baseLabel, MaterializedRecord? current)
    {
        BaseLabel = baseLabel;
        Current = current;
    }

    public int BaseLabel { get; }
    public MaterializedRecord? Current { get; }
    public bool ExistsInBase => BaseLabel >= 0;
}
