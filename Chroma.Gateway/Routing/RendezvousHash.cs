using System.IO.Hashing;
using System.Text;
using Chroma.Core.Memory;

namespace Chroma.Gateway.Routing;

/// <summary>
/// Highest-random-weight (rendezvous) hashing: a key belongs to the node whose hash of
/// (node id, key) is highest. Removing a node moves only the keys it owned, each to the node with
/// its next highest score; adding one takes from every other node about 1/n of its keys. Every
/// gateway replica computes the same owner from the same node ids, with no shared state.
/// </summary>
public static class RendezvousHash
{
    private const int StackBufferBytes = 256;

    /// <summary>XxHash64 of UTF-8 <c>nodeId \0 key</c>; the separator keeps ("ab","c") and ("a","bc") apart.</summary>
    public static ulong Score(ReadOnlySpan<char> nodeId, ReadOnlySpan<char> key)
    {
        int maxBytes = Encoding.UTF8.GetMaxByteCount(nodeId.Length + key.Length + 1);
        byte[]? rented = null;
        Span<byte> buffer = maxBytes <= StackBufferBytes
            ? stackalloc byte[StackBufferBytes]
            : (rented = BufferPool<byte>.Rent(maxBytes));
        try
        {
            int written = Encoding.UTF8.GetBytes(nodeId, buffer);
            buffer[written++] = 0;
            written += Encoding.UTF8.GetBytes(key, buffer[written..]);
            return XxHash64.HashToUInt64(buffer[..written]);
        }
        finally
        {
            if (rented is not null) BufferPool<byte>.Return(rented);
        }
    }
}
