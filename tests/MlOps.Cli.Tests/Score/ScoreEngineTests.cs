using MlOps.Cli.Tests.TestSupport;
using MlOps.Onnx;

namespace MlOps.Cli.Tests.Score;

/// <summary><c>mlops score --engine</c>: ONNX Runtime scores what the managed evaluator cannot, and says so when it cannot.</summary>
public sealed class ScoreEngineTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-score-engine-");

    public void Dispose() => _dir.Dispose();

    private string Path(string name) => System.IO.Path.Combine(_dir.Path, name);

    /// <summary>A real ONNX model whose Softplus (a standard operator) the managed evaluator does not implement.</summary>
    private string SoftplusModel()
    {
        var path = Path("softplus.onnx");
        File.WriteAllBytes(path, new OnnxModelBuilder()
            .Opset("", 17)
            .Input("float_input", OnnxDataType.Float, "N", 2)
            .Output("activation", OnnxDataType.Float, "N", 2)
            .Metadata("mlops.features", "a,b")
            .Node("Softplus", ["float_input"], ["activation"], name: "smooth")
            .ToBytes());
        return path;
    }

    private string Data()
    {
        var path = Path("data.csv");
        File.WriteAllText(path, "a,b\n0,1\n-1,2\n");
        return path;
    }

    [Fact]
    public void Unsupported_operator_without_an_engine_is_exit_2_naming_it_and_suggesting_onnx_runtime()
    {
        var output = Path("scores.csv");
        var model = SoftplusModel();
        var result = CliRunner.Run("score", "--model", model, "--data", Data(), "--out", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(model, result.StdErr);
        Assert.Contains("Softplus", result.StdErr);
        Assert.Contains("'smooth'", result.StdErr);
        Assert.Contains("Use --engine onnxruntime.", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
        Assert.False(File.Exists(output));
        Assert.Equal(new[] { model, Path("data.csv") }.Order(), Directory.GetFiles(_dir.Path).Order());
    }

    [Fact]
    public void Engine_onnxruntime_scores_the_model_and_the_output_line_names_the_engine()
    {
        var output = Path("scores.csv");
        var result = CliRunner.Run("score", "--model", SoftplusModel(), "--data", Data(), "--out", output, "--engine", "onnxruntime");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("engine onnxruntime", result.StdOut);
        Assert.Equal("", result.StdErr);
        var lines = File.ReadAllLines(output);
        Assert.Equal("activation[0],activation[1]", lines[0]);
        var first = lines[1].Split(',').Select(f => double.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Math.Log(2), first[0], 5);
        Assert.Equal(Math.Log(1 + Math.E), first[1], 5);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void A_model_onnx_runtime_cannot_load_is_MLOPS145_exit_2_naming_the_file_and_writes_nothing()
    {
        var model = Path("custom-op.onnx");
        File.WriteAllBytes(model, new OnnxModelBuilder()
            .Opset("", 17).Opset("com.example", 1)
            .Input("float_input", OnnxDataType.Float, "N", 2)
            .Output("y", OnnxDataType.Float, "N", 2)
            .Metadata("mlops.features", "a,b")
            .Node("NoSuchOperator", ["float_input"], ["y"], domain: "com.example")
            .ToBytes());
        var output = Path("scores.csv");
        var result = CliRunner.Run("score", "--model", model, "--data", Data(), "--out", output, "--engine", "onnxruntime");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("MLOPS145", result.StdErr);
        Assert.Contains($"{model}: ", result.StdErr);
        Assert.Contains("NoSuchOperator", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void The_managed_engine_is_the_default_and_is_named_in_the_output_line()
    {
        var model = Path("relu.onnx");
        File.WriteAllBytes(model, new OnnxModelBuilder()
            .Opset("", 17)
            .Input("float_input", OnnxDataType.Float, "N", 2)
            .Output("y", OnnxDataType.Float, "N", 2)
            .Metadata("mlops.features", "a,b")
            .Node("Relu", ["float_input"], ["y"])
            .ToBytes());
        var managed = CliRunner.Run("score", "--model", model, "--data", Data(), "--out", Path("managed.csv"));
        var ort = CliRunner.Run("score", "--model", model, "--data", Data(), "--out", Path("ort.csv"), "--engine", "onnxruntime");
        Assert.True(managed.ExitCode == 0, managed.ToString());
        Assert.True(ort.ExitCode == 0, ort.ToString());
        Assert.Contains("engine managed", managed.StdOut);
        Assert.Equal(File.ReadAllBytes(Path("managed.csv")), File.ReadAllBytes(Path("ort.csv")));
    }
}
