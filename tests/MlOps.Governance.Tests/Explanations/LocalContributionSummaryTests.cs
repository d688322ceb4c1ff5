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
        var summary = LocalContributionSummary.Summarise(explainer, session, data, ["g", "a"], dataRows: 301, maxRows: 301, seed: 1, batchSize: 50);

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
        Assert.Equal(System.Text.Json.JsonValueKind.Null, local.GetProperty("sample").ValueKind);
    }

    [Fact]
    public void Larger_data_is_summarised_on_a_seeded_sample_of_exactly_the_rows_asked_for()
    {
        var data = ExplanationModels.Data(_folder, rows: 301);
        var rows = File.ReadAllLines(data).Skip(1).Select(l => l.Split(','))
            .Select(r => (A: (double)float.Parse(r[0], CultureInfo.InvariantCulture), B: (double)float.Parse(r[1], CultureInfo.InvariantCulture))).ToList();
        var explainer = new LinearExplainer(rows.Average(r => r.A), rows.Average(r => r.B));
        var session = ManagedEngine.Instance.Open(ModelFile.Open(WriteModel()));

        var sample = LocalContributionSummary.Summarise(explainer, session, data, ["g"], dataRows: 301, maxRows: 40, seed: 7, batchSize: 16);
        var again = LocalContributionSummary.Summarise(explainer, session, data, ["g"], dataRows: 301, maxRows: 40, seed: 7, batchSize: 64);
        var other = LocalContributionSummary.Summarise(explainer, session, data, ["g"], dataRows: 301, maxRows: 40, seed: 8, batchSize: 16);
        var all = LocalContributionSummary.Summarise(explainer, session, data, ["g"], dataRows: 301, maxRows: 1000, seed: 7);

        Assert.Equal(40, sample.Overall.Rows);
        Assert.Equal(40, sample.Groups["g"].Sum(g => g.Value.Rows));
        Assert.Equal((ulong?)7, sample.Seed);
        Assert.Equal(301, sample.DataRows);
        Assert.Equal(sample.Overall.MeanAbsoluteContribution["a"], again.Overall.MeanAbsoluteContribution["a"]);
        Assert.NotEqual(sample.Overall.MeanAbsoluteContribution["a"], other.Overall.MeanAbsoluteContribution["a"]);
        Assert.Null(all.Seed);
        Assert.Equal(301, all.Overall.Rows);
        // A uniform sample of 40 rows estimates the mean: within a few standard errors of the full data's.
        Assert.InRange(sample.Overall.MeanAbsoluteContribution["a"], all.Overall.MeanAbsoluteContribution["a"] * 0.6, all.Overall.MeanAbsoluteContribution["a"] * 1.4);
    }

    private string WriteModel()
    {
        var path = Path.Combine(_folder, "model.onnx");
        File.WriteAllBytes(path, ExplanationModels.Logistic());
        return path;
    }
}
