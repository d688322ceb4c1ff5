using System.Globalization;
using System.Text.Json;
using MlOps.Diagnostics;
using MlOps.Governance.Packaging;
using MlOps.Onnx.Evaluation;
using MlOps.Runtime.Auditing;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Runtime.Tests.Governed;

/// <summary>
/// "Why was this applicant declined?": GovernedModel.Explain on the sample's credit model (ML.NET's ONNX export: one-hot,
/// scaling, logistic regression, Platt calibration), with German credit as the background data.
/// </summary>
public sealed class GovernedModelExplainTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _package;
    private readonly string _background = Path.Combine(SharedData(), "german-credit.csv");

    public GovernedModelExplainTests()
    {
        var card = _folder.File("model-card.md");
        File.WriteAllText(card, SampleArtefact.Card.Replace("\r\n", "\n"));
        _package = MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = Path.Combine(AppContext.BaseDirectory, "Support", "credit-risk-mlnet.onnx"),
            CardPath = card,
            OutputDirectory = _folder.File("out"),
            SourceDateEpoch = 1700000000,
            RepositoryRoot = _folder.Path,
        }).PackagePath;
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_declined_applicants_contributions_add_up_to_the_margin_and_the_audit_record_carries_the_top_ones_when_opted_in()
    {
        var logPath = _folder.File("predictions.jsonl");
        PredictionExplanation all, top;
        Dictionary<string, OnnxValue> applicant;
        float probability;
        using (var log = AuditLog.Open(logPath, AuditFixtures.Options()))
        {
            var model = GovernedModel.Open(_package, new GovernedModelOptions
            {
                AuditLog = log, ExplanationBackground = _background, ExplainedClass = "good", AuditExplanations = true, AuditedContributions = 3,
            });
            applicant = Applicants(model).First(a => Probability(model.ScoreUnaudited(a)) < 0.5f);
            probability = Probability(model.Predict(applicant));
            all = model.Explain(applicant, top: int.MaxValue);
            top = model.Explain(applicant, top: 3);
        }

        Assert.Equal("linear", all.Method);
        Assert.Contains("log-odds of 'good'", all.MarginMeaning, StringComparison.Ordinal);
        Assert.Equal(19, all.Contributions.Count);
        Assert.Equal(all.Margin, all.ExpectedValue + all.Contributions.Sum(c => c.Contribution), 1e-6);
        Assert.Equal(probability, 1 / (1 + Math.Exp(-all.Margin)), 1e-5);
        // Declined: the margin is below zero, and the features that lowered it most say why.
        Assert.True(all.Margin < 0);
        Assert.Equal(all.Contributions.Take(3), top.Contributions);
        Assert.True(top.Contributions.Zip(top.Contributions.Skip(1)).All(p => Math.Abs(p.First.Contribution) >= Math.Abs(p.Second.Contribution)));
        var checking = all.Contributions.Single(c => c.Feature == "checking_status");
        Assert.Equal(((Tensor<string>)applicant["checking_status"]).Data[0], checking.Value);

        var record = JsonDocument.Parse(AuditFixtures.Lines(logPath).Single()).RootElement;
        var explanation = record.GetProperty("explanation");
        Assert.Equal("linear", explanation.GetProperty("method").GetString());
        Assert.Equal(all.ExpectedValue, explanation.GetProperty("expectedValue").GetDouble(), 1e-12);
        var row = Assert.Single(explanation.GetProperty("rows").EnumerateArray());
        Assert.Equal(all.Margin, row.GetProperty("margin").GetDouble(), 1e-12);
        var audited = row.GetProperty("top").EnumerateArray().Select(c => (c.GetProperty("feature").GetString()!, c.GetProperty("contribution").GetDouble())).ToList();
        Assert.Equal(top.Contributions.Select(c => (c.Feature, c.Contribution)), audited);
        // Feature values are inputs: the record never holds them unless raw input capture is on.
        Assert.DoesNotContain("\"value\"", explanation.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(AuditLogStatus.Intact, AuditLogVerifier.Verify(logPath).Status);
    }

    [Fact]
    public void Without_the_opt_in_the_audit_record_has_no_explanation_and_Explain_still_answers()
    {
        var logPath = _folder.File("predictions.jsonl");
        using (var log = AuditLog.Open(logPath, AuditFixtures.Options()))
        {
            var model = GovernedModel.Open(_package, new GovernedModelOptions { AuditLog = log, ExplanationBackground = _background });
            var applicant = Applicants(model).First();
            model.Predict(applicant);
            Assert.Equal(5, model.Explain(applicant).Contributions.Count);
        }

        var record = JsonDocument.Parse(AuditFixtures.Lines(logPath).Single()).RootElement;
        Assert.False(record.TryGetProperty("explanation", out _));
        Assert.Equal(AuditLogStatus.Intact, AuditLogVerifier.Verify(logPath).Status);
    }

    [Fact]
    public void Explain_without_background_data_is_refused_with_MLOPS195()
    {
        var model = GovernedModel.Open(_package);
        var e = Assert.Throws<MlOpsException>(() => model.Explain(Applicants(model).First()));
        Assert.Equal(DiagnosticCatalog.ModelNotExplainable, e.Diagnostic);
        Assert.Contains("background", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Audited_explanations_for_a_model_without_an_exact_explainer_refuse_to_open_with_MLOPS195_and_the_reason()
    {
        var tanh = _folder.File("tanh.onnx");
        new MlOps.Onnx.OnnxModelBuilder()
            .Input("X", MlOps.Onnx.OnnxDataType.Float, "N", 3).Output("score", MlOps.Onnx.OnnxDataType.Float, "N", 3)
            .Node("Tanh", ["X"], ["score"]).Save(tanh);
        var card = _folder.File("model-card.md");
        var package = MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = tanh, CardPath = card, OutputDirectory = _folder.File("tanh-out"), SourceDateEpoch = 1700000000, RepositoryRoot = _folder.Path,
        }).PackagePath;
        var background = _folder.File("background.csv");
        File.WriteAllText(background, "a,b,c\n1,2,3\n");

        var e = Assert.Throws<MlOpsException>(() => GovernedModel.Open(package, new GovernedModelOptions { ExplanationBackground = background, AuditExplanations = true }));
        Assert.Equal(DiagnosticCatalog.ModelNotExplainable, e.Diagnostic);
        Assert.Contains("no linear or tree-ensemble estimator", e.Message, StringComparison.Ordinal);
    }

    private List<Dictionary<string, OnnxValue>> Applicants(GovernedModel model)
    {
        var lines = File.ReadLines(_background).Take(60).ToList();
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line =>
        {
            var fields = line.Split(',');
            return model.Inputs.ToDictionary(i => i.Name, i =>
            {
                var text = fields[Array.IndexOf(header, i.Name)];
                return i.Type!.ElementType == MlOps.Onnx.OnnxDataType.String
                    ? (OnnxValue)new Tensor<string>([text], [1, 1])
                    : new Tensor<float>([float.Parse(text, CultureInfo.InvariantCulture)], [1, 1]);
            });
        }).ToList();
    }

    private static float Probability(IReadOnlyDictionary<string, OnnxValue> outputs) => ((Tensor<float>)outputs["Probability.output"]).Data[0];

    private static string SharedData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (File.Exists(Path.Combine(candidate, "german-credit.csv")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"shared/data not found above {AppContext.BaseDirectory}.");
    }
}
