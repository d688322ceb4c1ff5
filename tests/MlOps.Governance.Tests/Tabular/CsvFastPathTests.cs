using System.Globalization;
using System.Text;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Tests.Tabular;

/// <summary>
/// The reader splits records without quotes by a vectorised scan and everything else by the general parser; these
/// tests check that both agree with an independent RFC 4180 parser on random files, however the text arrives
/// (records cut at every buffer position), and that the fast number parser agrees with the framework's.
/// </summary>
public sealed class CsvFastPathTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Random_files_read_like_a_reference_parser_with_the_same_line_numbers(int seed)
    {
        var random = new Random(seed);
        var text = RandomCsv(random);
        var expected = ReferenceParse(text);
        foreach (var chunk in new[] { int.MaxValue, 1, 7, 31, 33 })
        {
            using var reader = CsvReader.Open("random.csv", new ChunkedReader(text, chunk));
            Assert.Equal(expected[0].Fields, reader.Header);
            Assert.Equal(expected[0].Line, reader.HeaderLineNumber);
            for (var r = 1; r < expected.Count; r++)
            {
                Assert.True(reader.Read(), $"chunk {chunk}: record {r} missing");
                Assert.Equal(expected[r].Line, reader.LineNumber);
                var fields = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
                Assert.Equal(expected[r].Fields, fields);
            }
            Assert.False(reader.Read());
        }
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_after_many_commas_is_literal()
    {
        var header = string.Join(",", Enumerable.Range(0, 40).Select(i => $"c{i}"));
        var row = string.Join(",", Enumerable.Range(0, 39).Select(i => $"v{i}")) + ",x\"y";
        using var reader = CsvReader.Open("wide.csv", new StringReader($"{header}\n{row}\n{row}\r\n"));
        Assert.True(reader.Read());
        Assert.Equal(40, reader.FieldCount);
        Assert.Equal("v38", reader.GetString(38));
        Assert.Equal("x\"y", reader.GetString(39));
        Assert.True(reader.Read());
        Assert.Equal(3, reader.LineNumber);
        Assert.Equal("x\"y", reader.GetString(39));
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void A_record_that_fits_the_buffer_is_still_held_to_the_maximum_record_length(int length, bool accepted)
    {
        var record = "1," + new string('x', length - 2);
        var text = $"a,b\n1,2\n{record}\n3,4\n";
        using var reader = CsvReader.Open("long.csv", new StringReader(text), new CsvReaderOptions { MaxRecordLength = 100 });
        Assert.True(reader.Read());
        if (accepted)
        {
            Assert.True(reader.Read());
            Assert.Equal(length - 2, reader.GetSpan(1).Length);
            return;
        }
        var error = Assert.Throws<MlOpsException>(() => reader.Read());
        Assert.Equal(3, error.Line);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fast_number_parser_agrees_bit_for_bit_with_the_framework()
    {
        var random = new Random(11);
        var fast = 0;
        for (var k = 0; k < 200_000; k++)
        {
            var text = RandomNumber(random);
            if (FastDouble.TryParse(text, out var value))
            {
                fast++;
                var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value),
                    $"'{text}': {value:R} instead of {expected:R}");
            }
        }
        Assert.True(fast > 100_000, $"only {fast} numbers took the fast path");
    }

    [Theory]
    [InlineData("52558.62", 52558.62)]
    [InlineData("0.000123", 0.000123)]
    [InlineData("-00012.50", -12.5)]
    [InlineData("+.5", 0.5)]
    [InlineData("0.", 0.0)]
    [InlineData(".0", 0.0)]
    [InlineData("1e5", 1e5)]
    [InlineData("0.0012e-3", 0.0012e-3)]
    public void Common_shapes_take_the_fast_path(string text, double expected)
    {
        Assert.True(FastDouble.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("1e")]
    [InlineData("0x10")]
    [InlineData("1234567890123456")] // 16 significant digits: the framework rounds it
    [InlineData("0.00000000000000001234567890123456")]
    public void Other_text_is_left_to_the_framework(string text) => Assert.False(FastDouble.TryParse(text, out _));

    private static string RandomNumber(Random random)
    {
        var s = new StringBuilder();
        if (random.Next(4) == 0)
        {
            s.Append(random.Next(2) == 0 ? '-' : '+');
        }
        s.Append('0', random.Next(4) == 0 ? random.Next(1, 4) : 0);
        var integer = random.Next(5) == 0 ? 0 : random.Next(1, 18);
        for (var i = 0; i < integer; i++)
        {
            s.Append((char)('0' + random.Next(i == 0 ? 1 : 0, 10)));
        }
        if (random.Next(3) != 0)
        {
            s.Append('.');
            s.Append('0', random.Next(3) == 0 ? random.Next(1, 8) : 0);
            var fraction = random.Next(0, 14);
            for (var i = 0; i < fraction; i++)
            {
                s.Append((char)('0' + random.Next(10)));
            }
        }
        if (s.Length == 0 || s[^1] is '+' or '-' or '.')
        {
            s.Append('7');
        }
        if (random.Next(5) == 0)
        {
            s.Append(random.Next(2) == 0 ? 'e' : 'E').Append(random.Next(3) switch { 0 => "-", 1 => "+", _ => "" }).Append(random.Next(0, 30));
        }
        return s.ToString();
    }

    private static string RandomCsv(Random random)
    {
        var columns = random.Next(1, 41);
        var s = new StringBuilder();
        s.Append(string.Join(",", Enumerable.Range(0, columns).Select(i => $"c{i}")));
        var rows = random.Next(300, 1200);
        for (var r = 0; r < rows; r++)
        {
            s.Append(random.Next(3) switch { 0 => "\r\n", 1 => "\n", _ => random.Next(8) == 0 ? "\r" : "\n" });
            while (random.Next(12) == 0)
            {
                s.Append(random.Next(2) == 0 ? "\n" : "\r\n"); // blank lines
            }
            for (var c = 0; c < columns; c++)
            {
                if (c > 0)
                {
                    s.Append(',');
                }
                s.Append(RandomField(random));
            }
        }
        if (random.Next(2) == 0)
        {
            s.Append('\n');
        }
        return s.ToString();
    }

    private static string RandomField(Random random)
    {
        const string plain = "abcxyz0123456789.- _";
        var length = random.Next(10) == 0 ? random.Next(30, 90) : random.Next(0, 9);
        var s = new StringBuilder();
        if (random.Next(15) == 0)
        {
            s.Append('"');
            for (var i = 0; i < length; i++)
            {
                s.Append(random.Next(8) switch { 0 => ",", 1 => "\"\"", 2 => "\n", 3 => "\r\n", _ => plain[random.Next(plain.Length)].ToString() });
            }
            return s.Append('"').ToString();
        }
        for (var i = 0; i < length; i++)
        {
            // A quote inside (never at the start of) an unquoted field is literal text.
            s.Append(i > 0 && random.Next(40) == 0 ? '"' : plain[random.Next(plain.Length)]);
        }
        return s.ToString();
    }

    /// <summary>An independent, character-at-a-time reading of the rules in docs/input-rules.md.</summary>
    private static List<(long Line, string[] Fields)> ReferenceParse(string text)
    {
        var records = new List<(long, string[])>();
        var pos = 0;
        long line = 1;
        while (pos < text.Length)
        {
            if (text[pos] == '\n')
            {
                pos++;
                line++;
                continue;
            }
            if (text[pos] == '\r')
            {
                pos += pos + 1 < text.Length && text[pos + 1] == '\n' ? 2 : 1;
                line++;
                continue;
            }
            var start = line;
            var fields = new List<string>();
            while (true)
            {
                var field = new StringBuilder();
                if (pos < text.Length && text[pos] == '"')
                {
                    pos++;
                    while (!(text[pos] == '"' && (pos + 1 >= text.Length || text[pos + 1] != '"')))
                    {
                        if (text[pos] == '"')
                        {
                            pos++;
                        }
                        else if (text[pos] == '\n')
                        {
                            line++;
                        }
                        field.Append(text[pos++]);
                    }
                    pos++;
                }
                else
                {
                    while (pos < text.Length && text[pos] is not (',' or '\n' or '\r'))
                    {
                        field.Append(text[pos++]);
                    }
                }
                fields.Add(field.ToString());
                if (pos < text.Length && text[pos] == ',')
                {
                    pos++;
                    if (pos == text.Length)
                    {
                        fields.Add("");
                        break;
                    }
                    continue;
                }
                if (pos < text.Length)
                {
                    pos += text[pos] == '\r' && pos + 1 < text.Length && text[pos + 1] == '\n' ? 2 : 1;
                }
                line++;
                break;
            }
            records.Add((start, fields.ToArray()));
        }
        return records;
    }

    /// <summary>Hands out the text at most <c>chunk</c> characters per read, so records arrive cut at every position.</summary>
    private sealed class ChunkedReader(string text, int chunk) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), text.Length - _position);
            text.CopyTo(_position, buffer, index, n);
            _position += n;
            return n;
        }
    }
}
