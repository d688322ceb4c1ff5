using MlOps.Onnx.Evaluation.Kernels;

namespace MlOps.Onnx.Tests.Evaluation;

public sealed class DocumentationTests
{
    [Fact]
    public void Every_supported_operator_is_listed_in_docs_evaluator_md()
    {
        var doc = File.ReadAllText(Path.Combine(TestTools.RepoRoot, "docs", "evaluator.md"));
        var table = doc[doc.IndexOf("## Supported operators", StringComparison.Ordinal)..doc.IndexOf("## Determinism", StringComparison.Ordinal)];
        var missing = KernelRegistry.Supported.Where(op => !System.Text.RegularExpressions.Regex.IsMatch(table, $@"\b{op.OpType}\b")).Select(op => op.OpType).ToList();
        Assert.True(missing.Count == 0, "Not in docs/evaluator.md: " + string.Join(", ", missing));
        // The 46 ai.onnx and 15 ai.onnx.ml operators of issue 3, and Sum, Max, Min for ML.NET's LightGbm multiclass export (issue 11).
        Assert.Equal(64, KernelRegistry.Supported.Count());
    }
}
