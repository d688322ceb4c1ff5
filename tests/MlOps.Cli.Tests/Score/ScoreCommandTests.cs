using MlOps.Cli.Tests.TestSupport;
using MlOps.Onnx;

namespace MlOps.Cli.Tests.Score;

public sealed class ScoreCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-score-cli-");

    public void Dispose() => _dir.Dispose();

    private string Path(string name) => System.IO.Path.Combine(_dir.Path, name);

    /// <summary>A binary logistic regression as skl2onnx exports it: LinearClassifier + ZipMap, one [N,3] input.</summary>
    private string Model()
    {
        var path = Path("model.onnx");
        File.WriteAllBytes(path, new OnnxModelBuilder()
            .Producer("skl2onnx", "1.16.0")
            .Input("float_input", OnnxDataType.Float, "N", 3)
            .Output("output_label", OnnxDataType.Int64, "N")
            .Output("output_probability", OnnxTypeInfo.SequenceOfMaps(OnnxDataType.Int64))
            .Metadata("mlops.features", "age,income,debt")
            .Node("LinearClassifier", ["float_input"], ["output_label", "probability_tensor"],
                [OnnxAttribute.Of("coefficients", new[] { -0.1f, -0.001f, 0.002f, 0.1f, 0.001f, -0.002f }),
                 OnnxAttribute.Of("intercepts", new[] { 0.5f, -0.5f }), OnnxAttribute.Of("classlabels_ints", new long[] { 0, 1 }),
                 OnnxAttribute.Of("post_transform", "LOGISTIC")], domain: "ai.onnx.ml", name: "LinearClassifier")
            .Node("Normalizer", ["probability_tensor"], ["probabilities"], [OnnxAttribute.Of("norm", "L1")], domain: "ai.onnx.ml", name: "Normalizer")
            .Node("ZipMap", ["probabilities"], ["output_probability"], [OnnxAttribute.Of("classlabels_int64s", new long[] { 0, 1 })], domain: "ai.onnx.ml", name: "ZipMap")
            .ToBytes());
        return path;
    }

    private string Data(string text)
    {
        var path = Path("data.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Scores_every_row_into_label_and_probability_columns()
    {
        var output = Path("scores.csv");
        var result = CliRunner.Run("score", "--model", Model(), "--data", Data("id,age,income,debt\n1,30,1000,200\n2,60,4000,100\n3,45,2500,50\n"), "--out", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = File.ReadAllLines(output);
        Assert.Equal("output_label,output_probability[0],output_probability[1]", lines[0]);
        Assert.Equal(4, lines.Length);
        // (A missing value the linear model turns into NaN is refused with MLOPS135: Input/InputRulesCommandTests.)
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            Assert.Equal(3, fields.Length);
            var p0 = double.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            var p1 = double.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(1.0, p0 + p1, 5);
            Assert.Equal(p1 > p0 ? "1" : "0", fields[0]);
        }
        Assert.StartsWith("scored 3 rows", result.StdOut);
        Assert.Equal("", result.StdErr);
    }

    [Fact]
    public void Non_number_is_exit_2_naming_file_line_and_column_and_writes_nothing()
    {
        var output = Path("scores.csv");
        var data = Data("age,income,debt\n30,1000,200\n40,lots,1\n");
        var result = CliRunner.Run("score", "--model", Model(), "--data", data, "--out", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{data}(3,2)", result.StdErr);
        Assert.Contains("'income'", result.StdErr);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
    }

    [Fact]
    public void Ragged_row_is_exit_2_naming_the_line()
    {
        var data = Data("age,income,debt\n30,1000\n");
        var result = CliRunner.Run("score", "--model", Model(), "--data", data, "--out", Path("scores.csv"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{data}(2)", result.StdErr);
    }

    [Fact]
    public void Missing_feature_column_is_exit_2_listing_the_columns()
    {
        var result = CliRunner.Run("score", "--model", Model(), "--data", Data("age,income\n30,1000\n"), "--out", Path("scores.csv"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'debt'", result.StdErr);
        Assert.Contains("Available columns: 'age', 'income'", result.StdErr);
    }

    [Fact]
    public void Missing_model_and_missing_options_are_exit_2()
    {
        var missing = CliRunner.Run("score", "--model", Path("none.onnx"), "--data", Data("a\n1\n"), "--out", Path("o.csv"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("MLOPS101", missing.StdErr);
        var usage = CliRunner.Run("score", "--model", Model());
        Assert.Equal(2, usage.ExitCode);
    }

    [Fact]
    public void Unsupported_operator_is_exit_2_naming_operator_and_node()
    {
        var path = Path("odd.onnx");
        File.WriteAllBytes(path, new OnnxModelBuilder().Input("X", OnnxDataType.Float, "N", 1).Output("Y", OnnxDataType.Float, "N", 1)
            .Node("Einsum", ["X"], ["Y"], [OnnxAttribute.Of("equation", "ij->ij")], name: "weird").ToBytes());
        var result = CliRunner.Run("score", "--model", path, "--data", Data("X\n1\n"), "--out", Path("o.csv"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ai.onnx.Einsum", result.StdErr);
        Assert.Contains("'weird'", result.StdErr);
    }
}
