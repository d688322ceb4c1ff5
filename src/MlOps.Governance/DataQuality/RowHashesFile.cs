using System.Buffers.Binary;
using MlOps.Hashing;
using MlOps.IO;

namespace MlOps.Governance.DataQuality;

/// <summary>How a shard's evidence names its sidecar: the bare file name (beside the evidence), its sha256 and how many fingerprints it holds.</summary>
/// <param name="File">The sidecar's file name.</param>
/// <param name="Sha256">The sha256 of its bytes.</param>
/// <param name="Count">The distinct row fingerprints in it.</param>
public sealed record RowHashesReference(string File, string Sha256, long Count);

/// <summary>
/// A shard's sidecar: its distinct feature-row fingerprints (<see cref="RowHash"/>), ascending, so a merge counts
/// the distinct rows of all shards by merging sorted streams, in flat memory. Format: the 8 ASCII bytes
/// <c>MLOPSRH1</c>, the count as an unsigned 64-bit little-endian integer, then each fingerprint the same way.
/// </summary>
public static class RowHashesFile
{
    private static ReadOnlySpan<byte> Magic => "MLOPSRH1"u8;

    /// <summary>Writes <paramref name="sorted"/> to <paramref name="path"/> atomically; returns how the evidence names it.</summary>
    public static RowHashesReference Write(string path, ulong[] sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var bytes = new byte[16 + (8 * sorted.Length)];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), (ulong)sorted.Length);
        for (var i = 0; i < sorted.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16 + (8 * i)), sorted[i]);
        }
        AtomicFile.Write(path, bytes);
        return new RowHashesReference(Path.GetFileName(path), Sha256Hex.Of(bytes), sorted.Length);
    }

    /// <summary>Whether the file at <paramref name="path"/> starts like a sidecar and holds <paramref name="count"/> fingerprints.</summary>
    public static bool LooksValid(string path, long count)
    {
        using var stream = File.OpenRead(path);
        Span<byte> header = stackalloc byte[16];
        return stream.Length == 16 + (8 * count) && stream.ReadAtLeast(header, 16, throwOnEndOfStream: false) == 16
            && header[..8].SequenceEqual(Magic) && BinaryPrimitives.ReadUInt64LittleEndian(header[8..]) == (ulong)count;
    }

    /// <summary>The fingerprints of a sidecar checked by <see cref="LooksValid"/>, streamed in ascending order.</summary>
    public static IEnumerable<ulong> Read(string path)
    {
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 16);
        var buffer = new byte[8];
        stream.ReadExactly(buffer);
        stream.ReadExactly(buffer);
        var count = BinaryPrimitives.ReadUInt64LittleEndian(buffer);
        for (ulong i = 0; i < count; i++)
        {
            stream.ReadExactly(buffer);
            yield return BinaryPrimitives.ReadUInt64LittleEndian(buffer);
        }
    }

    /// <summary>The number of distinct values in the union of ascending streams (each without repeats).</summary>
    public static long CountUnion(IReadOnlyList<IEnumerable<ulong>> sortedStreams)
    {
        ArgumentNullException.ThrowIfNull(sortedStreams);
        var heads = new PriorityQueue<IEnumerator<ulong>, ulong>();
        var enumerators = sortedStreams.Select(s => s.GetEnumerator()).ToList();
        try
        {
            foreach (var e in enumerators)
            {
                if (e.MoveNext())
                {
                    heads.Enqueue(e, e.Current);
                }
            }
            long distinct = 0;
            ulong? last = null;
            while (heads.TryDequeue(out var e, out var value))
            {
                if (last != value)
                {
                    distinct++;
                    last = value;
                }
                if (e.MoveNext())
                {
                    heads.Enqueue(e, e.Current);
                }
            }
            return distinct;
        }
        finally
        {
            foreach (var e in enumerators)
            {
                e.Dispose();
            }
        }
    }
}
