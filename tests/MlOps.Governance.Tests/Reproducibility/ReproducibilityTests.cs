using System.Text.Json;
using MlOps.Governance.Evidence;
using MlOps.Governance.Reproducibility;
using MlOps.Governance.Tests.Drift;
using MlOps.Onnx;

namespace MlOps.Governance.Tests.Reproducibility;

public class ReproducibilityTests
{
    public static byte[] Model(float w0) => new OnnxModelBuilder()
        .Producer("test", "1")
        .Opset("", 17)
        .Input("X", OnnxDataType.Float, "N", 3)
        .Output("probability", OnnxDataType.Float, "N", 1)
        .Initializer("W", [w0, -0.25f, 1f], 3, 1)
        .Initializer("B", [0.1f], 1)
        .Node("MatMul", ["X", "W"], ["XW"])
        .Node("Add", ["XW", "B"], ["Z"])
        .Node("Sigmoid", ["Z"], ["probability"])
        .Metadata("mlops.features", "a,b,c")
        .ToBytes();

    private static (TempFolder Dir, string A, string B, string Data) Setup(float w0A, float w0B)
    {
        var dir = new TempFolder();
        var a = Path.Combine(dir.Path, "a.onnx");
        var b = Path.Combine(dir.Path, "b.onnx");
        File.WriteAllBytes(a, Model(w0A));
        File.WriteAllBytes(b, Model(w0B));
        var data = dir.Write("eval.csv", "a,b,c,label\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i * 0.1},{i % 7},{-i * 0.05},{i % 2}\n")));
        return (dir, a, b, data);
    }

    [Fact]
    public void IdenticalModelsAreReproducible()
    {
        var (dir, a, _, data) = Setup(0.5f, 0.5f);
        using var _ = dir;
        var copy = Path.Combine(dir.Path, "copy.onnx");
        File.Copy(a, copy);
        var report = ReproducibilityCheck.Compare(a, copy, data, 0, dir.Path);
        Assert.True(report.ModelHashesEqual);
        Assert.Null(report.ArtefactDigestsEqual);
        Assert.Equal(0, report.Predictions!.MaxAbsoluteDifference);
        Assert.True(report.Passed);
        Assert.Equal(["a.onnx", "b.onnx", "copy.onnx", "eval.csv"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DifferentModelsPassOnlyWithinTheTolerance()
    {
        var (dir, a, b, data) = Setup(0.5f, 0.501f);
        using var _ = dir;
        var strict = ReproducibilityCheck.Compare(a, b, data, 1e-6, dir.Path);
        Assert.False(strict.ModelHashesEqual);
        Assert.False(strict.Passed);
        Assert.InRange(strict.Predictions!.MaxAbsoluteDifference, 1e-5, 1e-2);
        var loose = ReproducibilityCheck.Compare(a, b, data, 1e-2, dir.Path);
        Assert.True(loose.Passed);
        using var doc = JsonDocument.Parse(EvidenceDocument.ToBytes(ReproducibilityCheck.ToJson(strict)));
        Assert.Equal("failed", doc.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(strict.Baseline.ModelSha256, doc.RootElement.GetProperty("modelSha256").GetString());
        Assert.False(doc.RootElement.GetProperty("predictions").GetProperty("withinTolerance").GetBoolean());
    }

    [Fact]
    public void NegativeToleranceIsBadInput()
    {
        var (dir, a, b, _) = Setup(0.5f, 0.5f);
        using var _ = dir;
        Assert.Throws<MlOpsException>(() => ReproducibilityCheck.Compare(a, b, null, -1, dir.Path));
    }
}
