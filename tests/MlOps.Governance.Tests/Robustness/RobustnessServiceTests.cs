using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Diagnostics;
using MlOps.Governance.Cards;
using MlOps.Governance.Evidence;
using MlOps.Governance.Policy;
using MlOps.Governance.Robustness;
using MlOps.Governance.Tests.TestSupport;
using MlOps.Onnx;

namespace MlOps.Governance.Tests.Robustness;

/// <summary>
/// The robustness stage on a crafted logistic model with known answers: p = sigmoid(a − b + 10·[c = y] − 5), and an
/// input d the model reads but ignores (weight 0).
/// </summary>
public sealed class RobustnessServiceTests : IDisposable
{
    private const string Ml = "ai.onnx.ml";
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-robust-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Model()
    {
        var path = Path.Combine(_folder, "model.onnx");
        File.WriteAllBytes(path, new OnnxModelBuilder()
            .Input("a", OnnxDataType.Float, "N", 1).Input("b", OnnxDataType.Float, "N", 1)
            .Input("c", OnnxDataType.String, "N", 1).Input("d", OnnxDataType.Float, "N", 1)
            .Output("p", OnnxDataType.Float, "N", 1)
            .Node("LabelEncoder", ["c"], ["cy"], [OnnxAttribute.Of("keys_strings", new[] { "x", "y" }), OnnxAttribute.Of("values_floats", new[] { 0f, 1f }),
                OnnxAttribute.Of("default_float", 0f)], domain: Ml)
            .Node("Concat", ["a", "b", "cy", "d"], ["x"], [OnnxAttribute.Of("axis", 1L)])
            .Node("LinearRegressor", ["x"], ["m"], [OnnxAttribute.Of("coefficients", new[] { 1f, -1f, 10f, 0f }), OnnxAttribute.Of("intercepts", new[] { -5f })], domain: Ml)
            .Node("Sigmoid", ["m"], ["p"])
            .ToBytes());
        return path;
    }

    // 40 rows: a and b in [0, 1), c alternating x / y, d anything; the label is the c-driven prediction.
    private string Data(int rows = 40)
    {
        var path = Path.Combine(_folder, "eval.csv");
        var text = new StringBuilder("label,a,b,c,d\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(i % 2 == 0 ? "bad" : "good")},{i % 10 / 10.0},{i % 7 / 7.0},{(i % 2 == 0 ? "x" : "y")},{i * 3}\n");
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private RobustnessRequest Request(params MonotonicConstraint[] constraints) => new()
    {
        ModelPath = Model(),
        DataPath = Data(),
        Label = "label",
        Positive = "good",
        Constraints = constraints,
    };

    [Fact]
    public void Flip_rates_and_score_changes_follow_the_model()
    {
        var report = RobustnessService.Measure(Request());
        Assert.Equal("p", report.ScoreOutput);
        Assert.Equal(40, report.Rows);
        Assert.Equal(["a", "b", "c", "d"], report.Features.Select(f => f.Name));

        // d has weight 0: jittering it changes nothing.
        var d = report.Features.Single(f => f.Name == "d").Of(PerturbationKind.Jitter);
        Assert.Equal(40, d.Rows);
        Assert.Equal(0, d.FlipRate);
        Assert.Equal(0, d.MeanAbsScoreChange);

        // a tenth of a's standard deviation moves the margin by ~0.03, far from the decision boundary (|margin| ≥ 4).
        var a = report.Features.Single(f => f.Name == "a").Of(PerturbationKind.Jitter);
        Assert.Equal(0, a.FlipRate);
        Assert.True(a.MeanAbsScoreChange > 0);

        // c has two categories: a swap always moves the margin by 10 across the boundary.
        var c = report.Features.Single(f => f.Name == "c");
        Assert.Equal(1, c.Of(PerturbationKind.Swap).FlipRate);
        Assert.NotNull(c.Of(PerturbationKind.Jitter).NotApplicable);
        // A missing category is the encoder's default (as x): the y rows flip, the x rows do not.
        Assert.Equal(0.5, c.Of(PerturbationKind.Missing).FlipRate);
        Assert.True(c.Of(PerturbationKind.Missing).Accepted);

        // A missing number reaches the linear model as NaN: it gives no score, and the evidence says so.
        var missing = report.Features.Single(f => f.Name == "d").Of(PerturbationKind.Missing);
        Assert.False(missing.Accepted);
        Assert.Equal(40, missing.RowsWithoutScore);
        Assert.True(double.IsNaN(missing.FlipRate));

        Assert.Equal(1, report.MaxFlipRate);
        Assert.Equal("c/swap", report.MaxFlipRateAt);
        Assert.True(report.Passed);
        Assert.False((report with { Request = report.Request with { MaxFlipRate = 0.5 } }).Passed);
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_whatever_the_batch_size_and_threads()
    {
        var constraint = new MonotonicConstraint("a", MonotonicDirection.Increasing, 3, 3);
        var one = RobustnessJson.ToJson(RobustnessService.Measure(Request(constraint) with { BatchSize = 7, Threads = 1 }));
        var many = RobustnessJson.ToJson(RobustnessService.Measure(Request(constraint) with { BatchSize = 4096, Threads = 4 }));
        Assert.Equal(EvidenceDocument.ToBytes(one), EvidenceDocument.ToBytes(many));
        var other = RobustnessJson.ToJson(RobustnessService.Measure(Request(constraint) with { Seed = 2 }));
        Assert.NotEqual(EvidenceDocument.ToBytes(one), EvidenceDocument.ToBytes(other));
    }

    [Fact]
    public void A_monotonic_constraint_the_model_satisfies_passes_and_one_it_breaks_fails_with_its_worst_row()
    {
        var report = RobustnessService.Measure(Request(
            new MonotonicConstraint("a", MonotonicDirection.Increasing, 3, 3),
            new MonotonicConstraint("b", MonotonicDirection.Increasing, 4, 3),
            new MonotonicConstraint("d", MonotonicDirection.Decreasing, 5, 3)));
        var (a, b, d) = (report.Monotonic[0], report.Monotonic[1], report.Monotonic[2]);
        Assert.True(a.Passed);
        Assert.True(d.Passed); // weight 0: the score stays, which a constraint allows
        Assert.False(b.Passed);
        Assert.Equal(40, b.Violations);
        Assert.Equal(1, b.ViolationRate);
        var worst = Assert.IsType<MonotonicViolation>(b.Worst);
        Assert.True(worst.ScoreTo < worst.ScoreFrom);
        Assert.InRange(worst.Row, 1, 40);
        Assert.Equal(40, report.MonotonicViolations);
        Assert.False(report.Passed);

        using var doc = JsonDocument.Parse(EvidenceDocument.ToBytes(RobustnessJson.ToJson(report)));
        Assert.Equal("failed", doc.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(40, doc.RootElement.GetProperty("overall").GetProperty("monotonicViolations").GetInt64());
    }

    [Theory]
    [InlineData("debt")]
    [InlineData("c")]
    public void A_constraint_on_a_feature_the_model_lacks_or_reads_as_text_names_the_card_line(string feature)
    {
        var card = Path.Combine(_folder, "model-card.md");
        File.WriteAllText(card, $"---\nname: m\nmonotonic:\n  a: increasing\n  {feature}: decreasing\n---\n");
        var e = Assert.Throws<MlOpsException>(() => RobustnessService.Measure(Request() with { CardPath = card }));
        Assert.Equal(DiagnosticCatalog.MonotonicFeatureUnknown, e.Diagnostic);
        Assert.Equal(card, e.File);
        Assert.Equal(5, e.Line);
        Assert.Contains($"'{feature}'", e.Message);
    }

    [Fact]
    public void Data_without_rows_is_refused()
    {
        var request = Request();
        File.WriteAllText(request.DataPath, "label,a,b,c,d\n");
        var e = Assert.Throws<MlOpsException>(() => RobustnessService.Measure(request));
        Assert.Contains("no rows", e.Message);
    }

    [Fact]
    public void The_card_section_marks_a_failed_constraint()
    {
        var report = RobustnessService.Measure(Request(new MonotonicConstraint("b", MonotonicDirection.Increasing, 4, 3)));
        var path = Path.Combine(_folder, "robustness.json");
        RobustnessJson.Write(path, report);
        var section = new Cards.Evidence.RobustnessEvidenceRenderer().Render(EvidenceFile.Load(path));
        Assert.Contains("<tr class=\"flagged\"", section.Html);
        Assert.Contains("FAILED", section.Markdown);
        Assert.Contains("c", section.Html);
    }
}

/// <summary>The card's monotonic field and the policy's robustness section.</summary>
public sealed class MonotonicCardAndPolicyTests
{
    [Theory]
    [InlineData("monotonic: { credit_amount: decreasing, duration: Increasing }\n", 3)]
    [InlineData("monotonic:\n  - credit_amount: decreasing\n  - duration: increasing\n", 4)]
    public void The_card_declares_constraints_as_a_mapping_or_a_list(string field, int line)
    {
        var card = CardSourceParser.Parse($"---\nname: m\n{field}---\n", "card.md");
        Assert.Equal(["credit_amount", "duration"], card.Monotonic.Select(m => m.Feature));
        Assert.Equal([MonotonicDirection.Decreasing, MonotonicDirection.Increasing], card.Monotonic.Select(m => m.Direction));
        Assert.Equal(line, card.Monotonic[0].Line);
    }

    [Theory]
    [InlineData("monotonic: { debt: down }\n")]
    [InlineData("monotonic: [debt]\n")]
    [InlineData("monotonic: { debt: decreasing, debt: increasing }\n")]
    public void A_bad_constraint_is_invalid_front_matter(string field)
    {
        var e = Assert.Throws<MlOpsException>(() => CardSourceParser.Parse($"---\nname: m\n{field}---\n", "card.md"));
        Assert.Equal(DiagnosticCatalog.InvalidFrontMatter, e.Diagnostic);
        Assert.Equal(3, e.Line);
    }

    private static string Evidence(string sha, double maxFlipRate, long violations) =>
        "{\"schema\":\"mlops.evidence.robustness/v1\",\"kind\":\"robustness\",\"modelSha256\":\"" + sha + "\",\"verdict\":\"passed\",\"overall\":{\"maxFlipRate\":"
        + maxFlipRate.ToString(CultureInfo.InvariantCulture) + ",\"maxMissingFlipRate\":null,\"monotonicViolations\":" + violations + "}}";

    [Fact]
    public void The_policy_bounds_flip_rates_and_violations_and_the_gate_judges_them()
    {
        using var sample = new SampleInputs();
        var sha = MlOps.Hashing.Sha256Hex.Of(sample.ModelBytes);
        File.WriteAllText(Path.Combine(sample.Root, "evaluation.json"), SampleInputs.EvaluationEvidence(sha));
        var policyPath = Path.Combine(sample.Root, "policy.yaml");
        File.WriteAllText(policyPath, "levels:\n  high:\n    evidence: [evaluation]\n    fairness: {}\n    robustness: { maxFlipRate: 0.05, maxMissingFlipRate: 0.2, monotonicViolations: 0 }\n");
        var policy = PolicyFile.Read(policyPath);
        Assert.Equal(new RobustnessLimits(0.05, 0.2, 0), policy.For(Risk.RiskLevel.High).Robustness);

        var absent = PolicyGate.Evaluate(GateInputs.FromFolder(sample.Root), policy);
        Assert.Equal(["robustness.maxFlipRate", "robustness.maxMissingFlipRate", "robustness.monotonicViolations"], absent.Unmet.Select(u => u.Id));

        File.WriteAllText(Path.Combine(sample.Root, "robustness.json"), Evidence(sha, 0.1, 3));
        var failing = PolicyGate.Evaluate(GateInputs.FromFolder(sample.Root), policy);
        Assert.Equal(["robustness.maxFlipRate", "robustness.monotonicViolations"], failing.Unmet.Select(u => u.Id));

        File.WriteAllText(Path.Combine(sample.Root, "robustness.json"), Evidence(sha, 0.01, 0));
        Assert.True(PolicyGate.Evaluate(GateInputs.FromFolder(sample.Root), policy).Passed);
    }

    [Theory]
    [InlineData("robustness: { maxFlipRate: 2 }")]
    [InlineData("robustness: { monotonicViolations: -1 }")]
    [InlineData("robustness: { flips: 0.1 }")]
    public void Bad_robustness_limits_name_the_line(string line)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-policy-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"levels:\n  high:\n    {line}\n");
        try
        {
            var e = Assert.Throws<MlOpsException>(() => PolicyFile.Read(path));
            Assert.Equal(3, e.Line);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
