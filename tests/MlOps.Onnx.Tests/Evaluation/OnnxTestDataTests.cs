namespace MlOps.Onnx.Tests.Evaluation;

/// <summary>
/// Every libonnx-testdata node case whose operators are all supported must pass with ONNX's tolerances
/// (rtol 1e-3, atol 1e-7), except the cases listed with a reason in testdata-known-failures.txt
/// (mirrored in docs/evaluator.md). The list may not rot: a listed case that passes fails the test.
/// </summary>
public sealed class OnnxTestDataTests
{
    [TestDataFact]
    public void In_scope_operator_cases_pass_or_are_listed_with_a_reason()
    {
        Assert.True(TestTools.TestDataAvailable, $"libonnx-testdata is required in CI: {TestTools.InstallHint}.");
        var known = File.ReadAllLines(Path.Combine(TestTools.RepoRoot, "tests", "MlOps.Onnx.Tests", "Evaluation", "testdata-known-failures.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2)[0])
            .ToHashSet(StringComparer.Ordinal);
        var outcomes = Directory.GetDirectories(TestTools.TestDataDir).Order(StringComparer.Ordinal).Select(OnnxTestData.Run).ToList();
        var inScope = outcomes.Where(o => o.InScope).ToList();
        var failed = inScope.Where(o => o.Failure is not null).ToList();
        var unexpected = failed.Where(o => !known.Contains(o.Case)).Select(o => $"{o.Case}: {o.Failure}").ToList();
        var stale = known.Where(k => inScope.Any(o => o.Case == k && o.Failure is null)).ToList();
        var summary = $"{outcomes.Count} cases, {inScope.Count} in scope, {inScope.Count - failed.Count} passed, {failed.Count} known failures";
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "mlops-onnx-testdata-summary.txt"),
            summary + "\n" + string.Join("\n", failed.Select(o => $"{o.Case}: {o.Failure}")) + "\n");
        Assert.True(unexpected.Count == 0, $"{summary}. Unexpected failures:\n{string.Join("\n", unexpected)}");
        Assert.True(stale.Count == 0, $"{summary}. Listed as failing but now pass (remove them from the list): {string.Join(", ", stale)}");
        Assert.True(inScope.Count > 100, summary);
    }
}
