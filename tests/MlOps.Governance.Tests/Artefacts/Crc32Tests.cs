using MlOps.Governance.Artefacts;

namespace MlOps.Governance.Tests.ArtefactTests;

public sealed class Crc32Tests
{
    /// <summary>The definition, one bit at a time: the reference the fast paths must match.</summary>
    private static uint Bitwise(ReadOnlySpan<byte> data)
    {
        var c = uint.MaxValue;
        foreach (var b in data)
        {
            c ^= b;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
        }
        return ~c;
    }

    [Fact]
    public void The_check_value_is_the_standard_one() =>
        Assert.Equal(0xCBF43926u, Crc32.Of("123456789"u8));

    [Fact]
    public void Every_length_and_split_matches_the_definition()
    {
        var random = new Random(9);
        var data = new byte[(1 << 20) + 77];
        random.NextBytes(data);
        foreach (var length in Enumerable.Range(0, 300).Concat([1023, 1024, 65_536 + 5, data.Length]))
        {
            var span = data.AsSpan(0, length);
            Assert.Equal(Bitwise(span), Crc32.Of(span));
            var split = random.Next(length + 1);
            Assert.Equal(Bitwise(span), Crc32.Append(Crc32.Of(span[..split]), span[split..]));
        }
    }
}
