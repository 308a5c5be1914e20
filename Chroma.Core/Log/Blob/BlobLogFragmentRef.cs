namespace Chroma.Core.Log.Blob;

/// <summary>
/// A manifest's pointer to one fragment: the offsets it holds, its blob name (relative to the
/// collection's <c>fragments/</c> folder) and the length and CRC-32 of the whole blob, so a reader
/// detects a damaged or substituted fragment before decoding it.
/// </summary>
internal readonly record struct BlobLogFragmentRef(long FirstOffset, long LastOffset, string Name, long Length, uint Crc);
