namespace MlOps.Governance.Artefacts;

/// <summary>One entry of a <see cref="SafeZipArchive"/>, as its central directory describes it.</summary>
public sealed class SafeZipEntry
{
    internal SafeZipEntry(string name, ushort method, ushort flags, uint crc32, long compressedSize, long size, long localHeaderOffset, DosTimestamp timestamp)
    {
        Name = name;
        Method = method;
        Flags = flags;
        Crc32 = crc32;
        CompressedSize = compressedSize;
        Size = size;
        LocalHeaderOffset = localHeaderOffset;
        Timestamp = timestamp;
    }

    /// <summary>The entry path (forward slashes).</summary>
    public string Name { get; }

    /// <summary>Compression method: 0 stored, 8 deflate.</summary>
    public ushort Method { get; }

    /// <summary>General-purpose flags.</summary>
    public ushort Flags { get; }

    /// <summary>The CRC-32 the central directory records.</summary>
    public uint Crc32 { get; }

    /// <summary>Size of the stored data.</summary>
    public long CompressedSize { get; }

    /// <summary>The declared uncompressed size.</summary>
    public long Size { get; }

    /// <summary>Offset of the local header in the file.</summary>
    public long LocalHeaderOffset { get; }

    /// <summary>The entry's DOS timestamp.</summary>
    public DosTimestamp Timestamp { get; }

    /// <summary>True for a directory entry (name ends with '/').</summary>
    public bool IsDirectory => Name.EndsWith('/');

    /// <summary>Offset of the entry's data (after the local header), filled in when the archive is opened.</summary>
    public long DataOffset { get; internal set; }

    /// <summary>Offset of the entry's central directory header in the file.</summary>
    internal long CentralHeaderOffset { get; init; }

    /// <summary>Length of the central directory header with its name, extra field and comment.</summary>
    internal int CentralHeaderLength { get; init; }

    /// <summary>Where the local header disagrees with the central directory, else null.</summary>
    public string? LocalHeaderMismatch { get; internal set; }
}
