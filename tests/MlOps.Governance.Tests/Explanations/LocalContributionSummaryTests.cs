using System.Globalization;
using MlOps.Governance.Explanations;
using MlOps.Governance.Scoring;
using MlOps.Onnx.Evaluation;

namespace MlOps.Governance.Tests.Explanations;

public sealed class LocalContributionSummaryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-local-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The exact explainer of the test's linear margin 2a − b + 0.5: coefficient × (x − mean).</summary>
    private sealed class LinearExplainer(double meanA, double meanB) : ILocalExplainer
    {
        public string Method => "linear";

        public IReadOnlyList<string> Features { get; } = ["a", "b"];

        public double ExpectedValue => (2 * meanA) - meanB + 0.5;

        public string Margin => "the log-odds of 'good'";

        public void Explain(IReadOnlyDictionary<string, OnnxValue> inputs, int rows, Span<double> contributions, Span<double> margins)
        {
            var a = ((Tensor<float>)inputs["a"]).Data;
            var b = ((Tensor<float>)inputs["b"]).Data;
            for (var r = 0; r < rows; r++)
            {
                contributions[2 * r] = 2 * (a[r] - meanA);
                contributions[(2 * r) + 1] = -(b[r] - meanB);
                margins[r] = (2.0 * a[r]) - b[r] + 0.5;
            }
        }
    }

    [Fact]
    public void Mean_absolute_contributions_overall_and_per_group_match_a_recount()
    {
        var data = ExplanationModels.Data(_folder, rows: 301);
        var rows = File.ReadAllLines(data).Skip(1).Select(l => l.Split(','))
            .Select(r => (A: (double)float.Parse(r[0], CultureInfo.InvariantCulture), B: (double)float.Parse(r[1], CultureInfo.InvariantCulture), G: r[3])).ToList();
        var meanA = rows.Average(r => r.A);
        var meanB = rows.Average(r => r.B);
        var explainer = new LinearExplainer(meanA, meanB);
        var session = ManagedEngine.Instance.Open(ModelFile.Open(WriteModel()));

        // A batch smaller than the data checks that sums carry across batches.
        var summary = LocalContributionSummary.Summarise(explainer, session, data, ["g", "a"], batchSize: 50);

        Assert.Equal("linear", summary.Method);
        Assert.Equal(explainer.ExpectedValue, summary.ExpectedValue);
        Assert.Equal(301, summary.Overall.Rows);
        Assert.Equal(rows.Average(r => Math.Abs(2 * (r.A - meanA))), summary.Overall.MeanAbsoluteContribution["a"], 10);
        Assert.Equal(rows.Average(r => Math.Abs(r.B - meanB)), summary.Overall.MeanAbsoluteContribution["b"], 10);
        var groups = summary.Groups["g"];
        Assert.Equal(["old", "young"], groups.Select(g => g.Key));
        foreach (var (name, means) in groups)
        {
            var members = rows.Where(r => r.G == name).ToList();
            Assert.Equal(members.Count, means.Rows);
            Assert.Equal(members.Average(r => Math.Abs(2 * (r.A - meanA))), means.MeanAbsoluteContribution["a"], 10);
            Assert.Equal(members.Average(r => Math.Abs(r.B - meanB)), means.MeanAbsoluteContribution["b"], 10);
        }
        Assert.Equal(rows.Select(r => r.A).Distinct().Count(), summary.Groups["a"].Count);

        using var doc = System.Text.Json.JsonDocument.Parse(Evidence.EvidenceDocument.ToBytes(ExplanationsJson.ToJson(new ExplanationReport
        {
            ModelSha256 = "m",
            DataFile = "eval.csv",
            DataSha256 = null,
            Options = new PermutationImportanceOptions { Label = "y" },
            Sensitive = ["g", "a"],
            Importance = new PermutationImportanceResult("probabilities[1]", 301, 0.9, []),
            Local = summary,
        })));
        var local = doc.RootElement.GetProperty("local");
        Assert.True(local.GetProperty("supported").GetBoolean());
        Assert.Equal("linear", local.GetProperty("method").GetString());
        Assert.False(local.GetProperty("sensitive").GetProperty("g").GetProperty("modelInput").GetBoolean());
        Assert.True(local.GetProperty("sensitive").GetProperty("a").GetProperty("modelInput").GetBoolean());
        Assert.Equal(summary.Groups["g"][1].Value.MeanAbsoluteContribution["a"],
            local.GetProperty("sensitive").GetProperty("g").GetProperty("groups").GetProperty("young").GetProperty("meanAbsoluteContribution").GetProperty("a").GetDouble());
    }

    private string WriteModel()
    {
        var path = Path.Combine(_folder, "model.onnx");
        File.WriteAllBytes(path, ExplanationModels.Logistic());
        return path;
    }
}
