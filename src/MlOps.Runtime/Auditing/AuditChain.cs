using System.Security.Cryptography;
using System.Text;
using MlOps.Hashing;

namespace MlOps.Runtime.Auditing;

/// <summary>
/// The hash-chain rules, in one place so that the writer and the verifier cannot disagree.
/// A record line is <c>{...,"prev":"P","hash":"H"}</c> followed by LF. Its body is the line without the
/// final <c>,"hash":"H"</c> member (so it ends <c>"prev":"P"}</c>); H = sha256 of the body's UTF-8 bytes,
/// as lowercase hex. Hashing the stored bytes (not a re-serialisation) makes verification independent of
/// any JSON library. Record 1's P is the genesis value; every later P is the H of the record before it,
/// across segment boundaries.
/// </summary>
public static class AuditChain
{
    /// <summary>The record schema; it is also bound into the genesis value.</summary>
    public const string Schema = "mlops.audit/v1";

    /// <summary>The bytes that introduce the final member: <c>,"hash":"</c>.</summary>
    internal static ReadOnlySpan<byte> HashMemberPrefix => ",\"hash\":\""u8;

    /// <summary>Length of a hex sha256.</summary>
    internal const int HexLength = 64;

    /// <summary>Length of the final member plus the closing brace: <c>,"hash":"</c> + 64 hex + <c>"}</c>.</summary>
    internal static int HashSuffixLength => HashMemberPrefix.Length + HexLength + 2;

    /// <summary>
    /// The genesis value that record 1 chains to: sha256 of <c>"mlops.audit/v1 genesis\n" + logName</c>,
    /// where logName is the file name of the log's first segment (for example <c>predictions.jsonl</c>).
    /// Binding the name means records cannot be moved into another log unnoticed; a renamed log is
    /// verified with the original name (<c>mlops audit verify --log-name</c>).
    /// </summary>
    public static string Genesis(string logName)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        return Sha256Hex.Of(Encoding.UTF8.GetBytes(Schema + " genesis\n" + logName));
    }

    /// <summary>Hash of a record body (the line without its hash member, ending with <c>}</c>).</summary>
    public static string HashBody(ReadOnlySpan<byte> body) => Sha256Hex.Of(body);

    /// <summary>
    /// Hash of the body of a stored line (without LF): the bytes before <c>,"hash":"</c> plus <c>}</c>.
    /// Returns null when the line does not end with a well-formed hash member.
    /// </summary>
    internal static string? HashOfLine(ReadOnlySpan<byte> line, out string? storedHash)
    {
        storedHash = null;
        var suffix = HashSuffixLength;
        if (line.Length < suffix + 2 || line[^1] != (byte)'}' || line[^2] != (byte)'"')
        {
            return null;
        }
        var memberStart = line.Length - suffix;
        if (!line.Slice(memberStart, HashMemberPrefix.Length).SequenceEqual(HashMemberPrefix))
        {
            return null;
        }
        var hex = line.Slice(memberStart + HashMemberPrefix.Length, HexLength);
        foreach (var b in hex)
        {
            if (!(b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f'))
            {
                return null;
            }
        }
        storedHash = Encoding.ASCII.GetString(hex);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(line[..memberStart]);
        hash.AppendData("}"u8);
        return Sha256Hex.Format(hash.GetHashAndReset());
    }
}
