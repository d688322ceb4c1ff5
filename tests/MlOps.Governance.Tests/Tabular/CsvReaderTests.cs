using System.Globalization;
using System.Text;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Tests.Tabular;

public sealed class CsvReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string text, string name = "data.csv")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static List<string[]> ReadAll(CsvReader reader)
    {
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.GetString(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public void Reads_header_and_numeric_rows()
    {
        using var reader = CsvReader.Open(Write("a,b,c\n1,2.5,-3e2\n4,5,6\n"));
        Assert.Equal(["a", "b", "c"], reader.Header);
        Assert.True(reader.Read());
        Assert.Equal(2, reader.LineNumber);
        Assert.Equal(3, reader.FieldCount);
        Assert.Equal(1.0, reader.GetDouble(0));
        Assert.Equal(2.5, reader.GetDouble(1));
        Assert.Equal(-300.0, reader.GetDouble(2));
        Assert.True(reader.Read());
        Assert.Equal(3, reader.LineNumber);
        Assert.Equal(6.0, reader.GetDouble(2));
        Assert.False(reader.Read());
    }

    [Fact]
    public void Crlf_line_endings_are_accepted_and_not_part_of_the_last_field()
    {
        using var reader = CsvReader.Open(Write("x,y\r\n1,abc\r\n2,def\r\n"));
        Assert.Equal(["x", "y"], reader.Header);
        var rows = ReadAll(reader);
        Assert.Equal(2, rows.Count);
        Assert.Equal("abc", rows[0][1]);
        Assert.Equal("def", rows[1][1]);
    }

    [Fact]
    public void Last_line_without_a_line_break_is_read()
    {
        using var reader = CsvReader.Open(Write("x,y\n1,2\n3,4"));
        var rows = ReadAll(reader);
        Assert.Equal(2, rows.Count);
        Assert.Equal("4", rows[1][1]);
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks()
    {
        using var reader = CsvReader.Open(Write("id,text,n\n1,\"a, b\",2\n2,\"say \"\"hi\"\"\",3\n3,\"two\nlines\",4\n4,\"\",5\n"));
        var rows = ReadAll(reader);
        Assert.Equal(4, rows.Count);
        Assert.Equal("a, b", rows[0][1]);
        Assert.Equal("say \"hi\"", rows[1][1]);
        Assert.Equal("two\nlines", rows[2][1]);
        Assert.Equal("", rows[3][1]);
        Assert.Equal("5", rows[3][2]);
    }

    [Fact]
    public void Line_numbers_count_line_breaks_inside_quoted_fields_and_blank_lines()
    {
        using var reader = CsvReader.Open(Write("a,b\n\"x\ny\",1\n\n2,2\n"));
        Assert.True(reader.Read());
        Assert.Equal(2, reader.LineNumber);
        Assert.True(reader.Read());
        Assert.Equal(5, reader.LineNumber);
    }

    [Fact]
    public void Ragged_row_is_an_error_naming_file_and_line()
    {
        var path = Write("a,b,c\n1,2,3\n4,5\n");
        using var reader = CsvReader.Open(path);
        Assert.True(reader.Read());
        var error = Assert.Throws<MlOpsException>(() => reader.Read());
        Assert.Equal(path, error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("2 fields", error.Message);
        Assert.Contains("3 columns", error.Message);
    }

    [Fact]
    public void Row_with_too_many_fields_is_an_error()
    {
        using var reader = CsvReader.Open(Write("a,b\n1,2,3\n"));
        var error = Assert.Throws<MlOpsException>(() => reader.Read());
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Non_number_is_an_error_naming_line_column_and_text()
    {
        var path = Write("age,income\n30,1000\n31,lots\n");
        using var reader = CsvReader.Open(path);
        Assert.True(reader.Read());
        Assert.Equal(1000, reader.GetDouble(reader.ColumnIndex("income")));
        Assert.True(reader.Read());
        Assert.False(reader.TryGetDouble(1, out _));
        var error = Assert.Throws<MlOpsException>(() => reader.GetDouble(1));
        Assert.Equal(path, error.File);
        Assert.Equal(3, error.Line);
        Assert.Equal(2, error.Column);
        Assert.Contains("'income'", error.Message);
        Assert.Contains("'lots'", error.Message);
    }

    [Fact]
    public void Empty_field_is_nan_and_special_values_parse()
    {
        using var reader = CsvReader.Open(Write("a,b,c,d,e\n,nan,-inf,Infinity, 7 \n"));
        Assert.True(reader.Read());
        Assert.True(reader.IsEmpty(0));
        Assert.True(double.IsNaN(reader.GetDouble(0)));
        Assert.True(double.IsNaN(reader.GetDouble(1)));
        // The spellings parse, but data must be finite or missing (docs/input-rules.md): GetDouble refuses infinities.
        Assert.True(reader.TryGetDouble(2, out var negative) && negative == double.NegativeInfinity);
        Assert.True(reader.TryGetDouble(3, out var positive) && positive == double.PositiveInfinity);
        Assert.Throws<MlOpsException>(() => reader.GetDouble(2));
        Assert.Equal(7.0, reader.GetDouble(4));
    }

    [Fact]
    public void Missing_column_lists_the_available_columns()
    {
        using var reader = CsvReader.Open(Write("age,income\n1,2\n"));
        var error = Assert.Throws<MlOpsException>(() => reader.ColumnIndex("credit"));
        Assert.Contains("'credit'", error.Message);
        Assert.Contains("'age', 'income'", error.Message);
        Assert.True(reader.TryGetColumnIndex("income", out var index));
        Assert.Equal(1, index);
    }

    [Fact]
    public void Empty_file_is_an_error()
    {
        var path = Write("");
        var error = Assert.Throws<MlOpsException>(() => CsvReader.Open(path));
        Assert.Equal(path, error.File);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Header_only_file_has_columns_and_no_rows()
    {
        using var reader = CsvReader.Open(Write("a,b\n"));
        Assert.Equal(["a", "b"], reader.Header);
        Assert.False(reader.Read());
        Assert.False(reader.Read());
    }

    [Fact]
    public void Missing_file_is_an_error_with_the_data_file_code()
    {
        var error = Assert.Throws<MlOpsException>(() => CsvReader.Open(Path.Combine(_folder, "nope.csv")));
        Assert.Equal("MLOPS109", error.Code);
    }

    [Fact]
    public void Unclosed_quote_is_an_error_naming_the_line_it_starts_on()
    {
        using var reader = CsvReader.Open(Write("a,b\n1,2\n3,\"open\n4,5\n"));
        Assert.True(reader.Read());
        var error = Assert.Throws<MlOpsException>(() => reader.Read());
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_an_error()
    {
        using var reader = CsvReader.Open(Write("a,b\n\"x\"y,2\n"));
        var error = Assert.Throws<MlOpsException>(() => reader.Read());
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Byte_order_mark_is_not_part_of_the_first_column_name()
    {
        var path = Path.Combine(_folder, "bom.csv");
        File.WriteAllText(path, "a,b\n1,2\n", new UTF8Encoding(true));
        using var reader = CsvReader.Open(path);
        Assert.Equal("a", reader.Header[0]);
    }

    [Fact]
    public void Large_file_with_long_quoted_fields_across_buffer_boundaries_reads_every_row()
    {
        // Rows are sized so records straddle the 64K buffer boundary many times, including escaped quotes.
        var text = new StringBuilder("id,value,note\n");
        var random = new Random(7);
        var expected = new List<(double Value, string Note)>();
        for (var i = 0; i < 20_000; i++)
        {
            var value = Math.Round(random.NextDouble() * 1000 - 500, random.Next(0, 8));
            var note = i % 97 == 0 ? new string('q', 70_000) + "\"end" : $"n{i}, \"{i}\"";
            expected.Add((value, note));
            text.Append(i).Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append(",\"")
                .Append(note.Replace("\"", "\"\"")).Append(i % 2 == 0 ? "\"\r\n" : "\"\n");
        }
        using var reader = CsvReader.Open(Write(text.ToString()));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(reader.Read());
            Assert.Equal(i, reader.GetDouble(0));
            Assert.Equal(expected[i].Value, reader.GetDouble(1));
            Assert.Equal(expected[i].Note, reader.GetString(2));
            Assert.Equal(i + 2, reader.LineNumber);
        }
        Assert.False(reader.Read());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("1.5")]
    [InlineData("0.1")]
    [InlineData("123456789012345")]
    [InlineData("1234567890123456789")]
    [InlineData("3.14159265358979323846")]
    [InlineData("1e22")]
    [InlineData("1e23")]
    [InlineData("4.9e-324")]
    [InlineData("1.7976931348623157E+308")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("+2.5e-3")]
    [InlineData("0.000000000000000000000001")]
    public void Numbers_parse_exactly_like_the_framework_parser(string text)
    {
        using var reader = CsvReader.Open(Write($"x\n{text}\n"));
        Assert.True(reader.Read());
        var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(reader.GetDouble(0)));
    }

    [Fact]
    public void Random_decimals_parse_bit_exactly()
    {
        var random = new Random(11);
        var text = new StringBuilder("x\n");
        var values = new List<string>();
        for (var i = 0; i < 5000; i++)
        {
            var v = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-12, 12));
            var s = random.Next(3) switch
            {
                0 => v.ToString("R", CultureInfo.InvariantCulture),
                1 => v.ToString("F" + random.Next(0, 10), CultureInfo.InvariantCulture),
                _ => v.ToString("E" + random.Next(0, 16), CultureInfo.InvariantCulture),
            };
            values.Add(s);
            text.Append(s).Append('\n');
        }
        using var reader = CsvReader.Open(Write(text.ToString()));
        foreach (var s in values)
        {
            Assert.True(reader.Read());
            Assert.Equal(double.Parse(s, CultureInfo.InvariantCulture), reader.GetDouble(0));
        }
    }
}
