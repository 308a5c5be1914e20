using System.Buffers;
using System.IO.Hashing;

namespace Chroma.Core.Storage.Codec;

/// <summary>
/// Forwards to another buffer writer and keeps a CRC-32 of every byte committed through it,
/// so a file can be checksummed while it streams out instead of after it sits whole in memory.
/// </summary>
public sealed class ChecksummingBufferWriter(IBufferWriter<byte> inner) : IBufferWriter<byte>
{
    private readonly Crc32 _crc = new();
    private Memory<byte> _pending;

    public uint Checksum => _crc.GetCurrentHashAsUInt32();

    public void Advance(int count)
    {
        _crc.Append(_pending.Span[..count]);
        _pending = default;
        inner.Advance(count);
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => _pending = inner.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => (_pending = inner.GetMemory(sizeHint)).Span;
}
