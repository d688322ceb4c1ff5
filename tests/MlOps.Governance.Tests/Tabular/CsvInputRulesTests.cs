using System.Text;
using MlOps.Governance.Cards;
using MlOps.Governance.Drift;
using MlOps.Governance.Evaluation;
using MlOps.Governance.Scoring;
using MlOps.Governance.Tabular;
using MlOps.Onnx;

namespace MlOps.Governance.Tests.Tabular;

/// <summary>
/// The input rules of docs/input-rules.md, enforced by the one CSV reader (issue 9, defects 6 and 7). The codes are
/// compared as text so that each test states the contract on its own.
/// </summary>
public sealed class CsvInputRulesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-rules-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string text, string name = "data.csv")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>A header, then one line of <paramref name="length"/> 'x' characters, counting what the reader took.</summary>
    private sealed class LongLineReader(long length) : TextReader
    {
        private const string Header = "a,b\n";
        private long _position;

        public long CharsRead => _position;

        public override int Read(char[] buffer, int index, int count)
        {
            var total = Header.Length + length + 1;
            var n = 0;
            while (n < count && _position < total)
            {
                buffer[index + n++] = _position < Header.Length ? Header[(int)_position] : _position == total - 1 ? '\n' : 'x';
                _position++;
            }
            return n;
        }
    }

    [Fact]
    public void A_record_longer_than_the_default_limit_is_MLOPS130_naming_its_line_before_the_buffer_grows_past_the_limit()
    {
        var text = new LongLineReader(16L << 20);
        var e = Assert.Throws<MlOpsException>(() =>
        {
            using var reader = CsvReader.Open("long.csv", text);
            while (reader.Read())
            {
            }
        });
        Assert.Equal("MLOPS130", e.Code);
        Assert.Equal(2, e.Line);
        Assert.Contains("maximum record length", e.Message);
        Assert.Contains("raise the maximum record length", e.Fix);
        // The reader stops near the limit (1 Mi characters plus what the decoder buffers), not at the end of the line.
        Assert.True(text.CharsRead < 4L << 20, $"read {text.CharsRead} characters");
    }

    [Fact]
    public void The_limit_is_configurable_and_counts_the_record_without_its_line_break()
    {
        var options = new CsvReaderOptions { MaxRecordLength = 10 };
        using (var fits = CsvReader.Open("fits.csv", new StringReader("a,b\r\n12345678,0\r\n"), options))
        {
            Assert.True(fits.Read());
        }
        var e = Assert.Throws<MlOpsException>(() =>
        {
            using var reader = CsvReader.Open("long.csv", new StringReader("a,b\n1,2\n123456789,0\n"), options);
            while (reader.Read())
            {
            }
        });
        Assert.Equal("MLOPS130", e.Code);
        Assert.Equal(3, e.Line);
        Assert.Contains("10 characters", e.Message);
        Assert.Throws<MlOpsException>(() => CsvReader.Open("x.csv", new StringReader("a\n"), new CsvReaderOptions { MaxRecordLength = 0 }));
    }

    [Theory]
    [InlineData("a;b;c\n1;2;3\n", "semicolons")]
    [InlineData("a\tb\n1\t2\n", "tabs")]
    public void A_one_column_header_with_another_separator_is_MLOPS132_naming_the_separator(string text, string separator)
    {
        var e = Assert.Throws<MlOpsException>(() => CsvReader.Open(Write(text)));
        Assert.Equal("MLOPS132", e.Code);
        Assert.Equal(1, e.Line);
        Assert.Contains(separator, e.Message);
    }

    [Fact]
    public void A_duplicated_column_is_MLOPS133_naming_both_columns()
    {
        var e = Assert.Throws<MlOpsException>(() => CsvReader.Open(Write("a,b,a\n1,2,3\n")));
        Assert.Equal("MLOPS133", e.Code);
        Assert.Equal(3, e.Column);
        Assert.Contains("'a' twice (column 1 and column 3)", e.Message);
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("-Infinity")]
    [InlineData("1e400")]
    [InlineData("abc")]
    public void A_number_must_be_finite_or_missing(string value)
    {
        using var reader = CsvReader.Open(Write($"a,b\n1,{value}\n"));
        Assert.True(reader.Read());
        var e = Assert.Throws<MlOpsException>(() => reader.GetDouble(1));
        Assert.Equal("MLOPS131", e.Code);
        Assert.Equal(2, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Contains("Column 'b' on line 2", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("NaN")]
    [InlineData("NA")]
    public void Empty_NaN_and_NA_are_missing_values(string value)
    {
        using var reader = CsvReader.Open(Write($"a,b\n1,{value}\n"));
        Assert.True(reader.Read());
        Assert.True(double.IsNaN(reader.GetDouble(1)));
    }

    [Fact]
    public void Drift_baseline_refuses_a_non_number_in_an_inferred_numeric_column_naming_line_and_column()
    {
        var rows = string.Concat(Enumerable.Range(0, 20).Select(i => $"{i},{i % 3}\n"));
        var data = Write("age,group\n" + rows + "forty,1\n" + rows);
        var e = Assert.Throws<MlOpsException>(() => DriftBaselineBuilder.Build(data));
        Assert.Equal("MLOPS131", e.Code);
        Assert.Equal(22, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains("'age'", e.Message);
        Assert.Contains("'forty'", e.Message);
    }

    [Fact]
    public void Drift_baseline_still_profiles_a_column_of_words_as_categorical()
    {
        var data = Write("colour,n\nred,1\nblue,2\n7,3\ngreen,4\n");
        var baseline = DriftBaselineBuilder.Build(data);
        Assert.Equal(FeatureType.Categorical, baseline.Features.Single(f => f.Name == "colour").Type);
    }

    [Fact]
    public void A_card_whose_last_front_matter_line_is_invalid_is_MLOPS105_at_that_line()
    {
        var e = Assert.Throws<MlOpsException>(() => CardSourceParser.Parse("---\nname: a\nowners: [x\n---\n# Body\n", "card.md"));
        Assert.Equal("MLOPS105", e.Code);
        Assert.Equal(3, e.Line);
        var quoted = Assert.Throws<MlOpsException>(() => CardSourceParser.Parse("---\nname: a\ndescription: 'open\n---\n", "card.md"));
        Assert.Equal(3, quoted.Line);
    }

    [Fact]
    public void A_thresholds_file_whose_last_line_is_invalid_names_that_line()
    {
        var e = Assert.Throws<MlOpsException>(() => ThresholdSpec.ReadFile(Write("thresholds:\n  accuracy: [0.7\n", "t.yaml")));
        Assert.Equal(2, e.Line);
    }

    [Theory]
    [InlineData("accuracy>=NaN")]
    [InlineData("logLoss<=Infinity")]
    public void An_inline_threshold_must_be_finite(string rule) =>
        Assert.Throws<MlOpsException>(() => ThresholdSpec.ParseInline(rule));

    /// <summary>y = a + b over a single [N,2] float input: NaN in, NaN out (a linear model has no missing-value rule).</summary>
    private string SumModel()
    {
        var path = Path.Combine(_folder, "sum.onnx");
        File.WriteAllBytes(path, new OnnxModelBuilder()
            .Input("X", OnnxDataType.Float, "N", 2)
            .Output("y", OnnxDataType.Float, "N", 1)
            .Node("LinearRegressor", ["X"], ["y"], [OnnxAttribute.Of("coefficients", new[] { 1f, 1f }), OnnxAttribute.Of("intercepts", new[] { 0f })], domain: "ai.onnx.ml")
            .ToBytes());
        return path;
    }

    [Theory]
    [InlineData("inf", "MLOPS131")]
    [InlineData("1e400", "MLOPS131")]
    [InlineData("1e39", "MLOPS131")]
    [InlineData("NaN", "MLOPS135")]
    [InlineData("", "MLOPS135")]
    public void Scoring_never_writes_an_empty_score_without_a_word(string value, string code)
    {
        var output = Path.Combine(_folder, "out.csv");
        var e = Assert.Throws<MlOpsException>(() => CsvScorer.Score(SumModel(), Write($"a,b\n1,2\n3,{value}\n"), output));
        Assert.Equal(code, e.Code);
        Assert.Equal(3, e.Line);
        Assert.False(File.Exists(output));
    }
}
