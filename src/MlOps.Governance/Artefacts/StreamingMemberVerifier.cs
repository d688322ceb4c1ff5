using System.Buffers.Binary;
using System.Security.Cryptography;
using MlOps.Hashing;

namespace MlOps.Governance.Artefacts;

/// <summary>
/// Verifies an artefact whose bytes arrive in file order (a download), so that the members are hashed while the bytes
/// stream in and only the small checks remain once the file is complete. <see cref="Append"/> follows the local headers
/// and records the SHA-256 and CRC-32 of each stored entry's data, keyed by where that data lies in the file;
/// <see cref="Verify"/> then runs <see cref="MlPackageVerifier.Verify"/> on the finished file, which takes a member's
/// hash from here only when the central directory places that member's data at exactly a range hashed here.
/// </summary>
/// <remarks>
/// What the local headers claim is never trusted: a recorded hash is only a fact about the bytes of one range of the
/// file, and the verifier asks for ranges the central directory gives. A lying header yields a range nobody asks for, so
/// the verifier reads that member from the file as it always does; the verdict is the full verification's by
/// construction. Anything unusual (a data descriptor, deflate, unequal sizes, too many entries, a record that is not a
/// local header) stops the recording; later members are then read from the file.
/// </remarks>
public sealed class StreamingMemberVerifier
{
    private const uint LocalHeaderSignature = 0x04034b50;
    private const int FixedHeaderLength = 30;
    private readonly ZipLimits _limits;
    private readonly Dictionary<long, StreamedMember> _members = [];
    private readonly byte[] _header = new byte[FixedHeaderLength];
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private State _state = State.Header;
    private int _headerFilled;
    private long _remaining;
    private long _dataOffset;
    private long _dataLength;
    private uint _crc;

    /// <summary>Prepares to follow an archive from its first byte.</summary>
    /// <param name="limits">The safety limits the final verification applies (default <see cref="ZipLimits.Default"/>); at most
    /// <see cref="ZipLimits.MaxEntries"/> members are recorded.</param>
    public StreamingMemberVerifier(ZipLimits? limits = null) => _limits = limits ?? ZipLimits.Default;

    private enum State
    {
        Header,
        NameAndExtra,
        Data,
        Stopped,
    }

    /// <summary>How many bytes were appended: the offset in the file of the next byte.</summary>
    public long Position { get; private set; }

    /// <summary>How many members' data was hashed as it streamed in.</summary>
    public int MembersStreamed => _members.Count;

    /// <summary>Takes the next bytes of the file, in order; call it with every byte written to the file, and only those.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && _state != State.Stopped)
        {
            var used = _state switch
            {
                State.Header => FillHeader(data),
                State.NameAndExtra => Skip(data),
                _ => HashData(data),
            };
            data = data[used..];
            Position += used;
        }
        Position += data.Length;
    }

    /// <summary>
    /// Verifies the complete file <paramref name="path"/> (every byte of it appended here) exactly as
    /// <see cref="MlPackageVerifier.Verify"/> does, with the same result; members hashed while streaming are not read again.
    /// </summary>
    /// <param name="path">The .mlpkg file the appended bytes were written to.</param>
    public VerificationResult Verify(string path) => MlPackageVerifier.VerifyCore(path, _limits, progress: null, hashFile: false, streamed: this);

    /// <summary>
    /// The hash of the entry's bytes when they streamed in as exactly the range the central directory gives, else null.
    /// A file of another length than what was appended is not the streamed file: nothing is taken from here then.
    /// </summary>
    internal StreamedMember? Find(SafeZipEntry entry, long fileLength) =>
        fileLength == Position && entry.Method == 0 && entry.CompressedSize == entry.Size
        && _members.TryGetValue(entry.DataOffset, out var member) && member.Length == entry.CompressedSize
            ? member : null;

    private int FillHeader(ReadOnlySpan<byte> data)
    {
        var used = Math.Min(FixedHeaderLength - _headerFilled, data.Length);
        data[..used].CopyTo(_header.AsSpan(_headerFilled));
        _headerFilled += used;
        if (_headerFilled < FixedHeaderLength)
        {
            return used;
        }
        _headerFilled = 0;
        var h = _header.AsSpan();
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(h[6..]);
        var method = BinaryPrimitives.ReadUInt16LittleEndian(h[8..]);
        var compressed = BinaryPrimitives.ReadUInt32LittleEndian(h[18..]);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(h[22..]);
        // The central directory (or anything else) ends the entries; what the writer never writes is left to the file.
        if (BinaryPrimitives.ReadUInt32LittleEndian(h) != LocalHeaderSignature || (flags & 8) != 0 || method != 0
            || compressed != size || size == uint.MaxValue || _members.Count >= _limits.MaxEntries)
        {
            _state = State.Stopped;
            return used;
        }
        _dataLength = size;
        _remaining = BinaryPrimitives.ReadUInt16LittleEndian(h[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
        _dataOffset = Position + used + _remaining;
        _state = State.NameAndExtra;
        if (_remaining == 0)
        {
            StartData();
        }
        return used;
    }

    private int Skip(ReadOnlySpan<byte> data)
    {
        var used = (int)Math.Min(_remaining, data.Length);
        _remaining -= used;
        if (_remaining == 0)
        {
            StartData();
        }
        return used;
    }

    private void StartData()
    {
        _remaining = _dataLength;
        _crc = 0;
        _state = State.Data;
        if (_remaining == 0)
        {
            Record(); // an empty member: no byte of data will come to record it
        }
    }

    private int HashData(ReadOnlySpan<byte> data)
    {
        var chunk = data[..(int)Math.Min(_remaining, data.Length)];
        _sha.AppendData(chunk);
        _crc = Crc32.Append(_crc, chunk);
        _remaining -= chunk.Length;
        if (_remaining == 0)
        {
            Record();
        }
        return chunk.Length;
    }

    private void Record()
    {
        _members[_dataOffset] = new StreamedMember(_dataLength, Sha256Hex.Format(_sha.GetHashAndReset()), _crc);
        _state = State.Header;
    }
}

/// <summary>The hash of one range of a file, taken as it streamed in.</summary>
/// <param name="Length">The range's length.</param>
/// <param name="Sha256">Its SHA-256, hex.</param>
/// <param name="Crc32">Its CRC-32.</param>
internal sealed record StreamedMember(long Length, string Sha256, uint Crc32);
