using System.Text;

namespace MlOps.Cli.Tests.Fuzzing;

/// <summary>
/// Seeded mutations of a file's bytes, in the spirit of AFL's havoc stage: a few stacked edits (bit flips, interesting
/// bytes and tokens, inserted, deleted, duplicated or repeated ranges, truncation, splicing with another seed). Text
/// families also get tokens that the input rules are about (NaN, inf, separators, quotes, long runs).
/// </summary>
internal sealed class Mutator(Random random)
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0xC3, 0xED, (byte)'"', (byte)',', (byte)';',
        (byte)'\t', (byte)'\n', (byte)'\r', (byte)'-', (byte)'.', (byte)'e', (byte)'0', (byte)'9', (byte)':', (byte)'#', (byte)'{', (byte)'['];

    private static readonly string[] TextTokens = ["NaN", "nan", "inf", "-Infinity", "1e400", "-0", "\"", "\"\"", ",,", "\n\n", "\r\n", ";", "\t",
        "\uFEFF", "é", "\0", "null", "true", "[]", "{}", ": ", "- ", "---\n", "  ", "&anchor", "*anchor", "!!binary", "%YAML 1.2\n", "18446744073709551616", "-1", "0x10"];

    /// <summary>Returns a mutated copy of <paramref name="input"/> and a short description of the edits.</summary>
    public (byte[] Bytes, string Edits) Mutate(byte[] input, bool text, IReadOnlyList<byte[]> others)
    {
        var bytes = new List<byte>(input);
        var edits = new StringBuilder();
        var count = 1 + random.Next(random.Next(4) == 0 ? 8 : 3);
        for (var i = 0; i < count; i++)
        {
            edits.Append(edits.Length == 0 ? "" : "; ").Append(MutateOnce(bytes, text, others));
        }
        return ([.. bytes], edits.ToString());
    }

    private string MutateOnce(List<byte> bytes, bool text, IReadOnlyList<byte[]> others)
    {
        var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
        switch (random.Next(text ? 10 : 9))
        {
            case 0 when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                return $"flip bit at {at}";
            case 1 when bytes.Count > 0:
                bytes[at] = InterestingBytes[random.Next(InterestingBytes.Length)];
                return $"byte {bytes[at]:x2} at {at}";
            case 2:
                {
                    var insert = new byte[1 + random.Next(16)];
                    random.NextBytes(insert);
                    bytes.InsertRange(at, insert);
                    return $"insert {insert.Length} random bytes at {at}";
                }
            case 3 when bytes.Count > 1:
                {
                    var length = Math.Min(bytes.Count - at, 1 + random.Next(Math.Max(1, bytes.Count / 8)));
                    bytes.RemoveRange(at, length);
                    return $"delete {length} bytes at {at}";
                }
            case 4 when bytes.Count > 1:
                {
                    var length = Math.Min(bytes.Count - at, 1 + random.Next(64));
                    var chunk = bytes.GetRange(at, length);
                    var to = random.Next(bytes.Count);
                    bytes.InsertRange(to, chunk);
                    return $"copy {length} bytes from {at} to {to}";
                }
            case 5 when bytes.Count > 1:
                bytes.RemoveRange(at, bytes.Count - at);
                return $"truncate at {at}";
            case 6 when others.Count > 0:
                {
                    var other = others[random.Next(others.Count)];
                    var from = other.Length == 0 ? 0 : random.Next(other.Length);
                    bytes.RemoveRange(at, bytes.Count - at);
                    bytes.AddRange(other.AsSpan(from).ToArray());
                    return $"splice another seed's bytes from {from} at {at}";
                }
            case 7 when bytes.Count > 0:
                {
                    var length = Math.Min(bytes.Count - at, 1 + random.Next(8));
                    var chunk = bytes.GetRange(at, length);
                    var times = 1 + random.Next(random.Next(8) == 0 ? 20_000 : 64);
                    var run = new List<byte>(length * times);
                    for (var t = 0; t < times; t++)
                    {
                        run.AddRange(chunk);
                    }
                    bytes.InsertRange(at, run);
                    return $"repeat {length} bytes {times} times at {at}";
                }
            case 8 when bytes.Count >= 4:
                {
                    // Little-endian integers are how ZIP and protobuf lengths are stored: push one to an edge.
                    var value = random.Next(4) switch { 0 => 0u, 1 => uint.MaxValue, 2 => 0x7FFFFFFFu, _ => (uint)random.Next() };
                    var start = Math.Min(at, bytes.Count - 4);
                    BitConverter.GetBytes(value).CopyTo(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes)[start..]);
                    return $"int32 {value} at {start}";
                }
            case 9:
                {
                    var token = Encoding.UTF8.GetBytes(TextTokens[random.Next(TextTokens.Length)]);
                    bytes.InsertRange(at, token);
                    return $"token '{Encoding.UTF8.GetString(token).ReplaceLineEndings("\\n")}' at {at}";
                }
            default:
                bytes.Insert(at, InterestingBytes[random.Next(InterestingBytes.Length)]);
                return $"insert one byte at {at}";
        }
    }
}
