using MlOps.Governance.Evaluation;
using MlOps.Governance.Fairness;
using MlOps.Governance.Packaging;
using MlOps.Hashing;
using MlOps.Onnx;

namespace MlOps.Release.Tests.TestSupport;

/// <summary>
/// Real artefacts built by <see cref="MlPackageBuilder"/> for the BOM tests: a high-risk credit model with training
/// and evaluation data and evaluation and fairness evidence computed by the library from the shared Adult census
/// predictions, and a bare low-risk model with neither data nor evidence.
/// </summary>
internal static class BomArtefacts
{
    public const string FullCard = """
        ---
        name: income-screen
        version: 2.1.0
        owners:
          - Risk Analytics <risk@example.org>
          - Model Validation
        description: Predicts whether a household's income exceeds 50K to route applications.
        intendedUse: Decision support for caseworkers prioritising benefit applications.
        outOfScopeUse: Fully automated rejection of applicants.
        limitations:
          - Trained on the 1994 US census; incomes are not adjusted for inflation.
          - Not calibrated for applicants under 21.
        ethicalConsiderations: Sex and race are sensitive; fairness evidence is reviewed per release.
        humanOversight: A caseworker confirms every adverse decision.
        risk:
          probability: likely
          severity: major
          euAiActCategory: high-risk
        sensitiveFeatures: [sex, race]
        label: y_true
        licence: Apache-2.0
        ---
        # Notes

        Retrained quarterly.
        """;

    /// <summary>Only what a low-risk card must have.</summary>
    public const string BareCard = "---\nname: churn\nversion: 0.3.1\nowners: [Data Team]\ndescription: Predicts churn.\nintendedUse: Retention campaigns.\nlicence: MIT\nrisk:\n  probability: rare\n  severity: low\n  euAiActCategory: minimal\n---\n";

    public const long Epoch = 1700000000;

    /// <summary>The high-risk artefact with data and evaluation and fairness evidence, built in <paramref name="folder"/>.</summary>
    public static PackageResult Full(string folder)
    {
        var model = System.IO.Path.Combine(folder, "income-screen.onnx");
        var modelBytes = MlOps.Governance.Tests.TestSupport.SampleInputs.BuildModel();
        File.WriteAllBytes(model, modelBytes);
        var card = System.IO.Path.Combine(folder, "model-card.md");
        File.WriteAllText(card, FullCard.Replace("\r\n", "\n"));
        var evidence = Directory.CreateDirectory(System.IO.Path.Combine(folder, "evidence")).FullName;
        var modelSha256 = Sha256Hex.Of(modelBytes);

        var evaluation = EvaluationAnalyzer.AnalyzeCsv(SharedFiles.AdultPredictions, new EvaluationOptions
        {
            Label = "y_true",
            Score = "score",
            Prediction = "y_pred",
            Thresholds = [],
        }) with { ModelSha256 = modelSha256 };
        EvaluationJson.Write(System.IO.Path.Combine(evidence, "evaluation.json"), evaluation);

        var fairness = FairnessAnalyzer.AnalyzeCsv(SharedFiles.AdultPredictions, new FairnessOptions
        {
            Label = "y_true",
            Prediction = "y_pred",
            Sensitive = ["sex", "race"],
            Privileged = new Dictionary<string, string> { ["sex"] = "Male", ["race"] = "White" },
            BootstrapReplicates = 20,
        }) with { ModelSha256 = modelSha256 };
        FairnessJson.Write(System.IO.Path.Combine(evidence, "fairness.json"), fairness);

        return MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = model,
            CardPath = card,
            TrainingData = [SharedFiles.AdultTraining],
            EvaluationData = [SharedFiles.AdultPredictions],
            EvidenceDirectory = evidence,
            OutputDirectory = System.IO.Path.Combine(folder, "out"),
            SourceDateEpoch = Epoch,
            RepositoryRoot = folder,
            ToolVersions = new Dictionary<string, string> { ["MlOps.Build"] = "1.4.0-test", ["dotnet-sdk"] = "10.0.100" },
        });
    }

    /// <summary>The bare low-risk artefact: a card with only the fields a low-risk card needs, no data, no evidence.</summary>
    public static PackageResult Bare(string folder)
    {
        var model = System.IO.Path.Combine(folder, "churn.onnx");
        File.WriteAllBytes(model, new OnnxModelBuilder()
            .Opset("", 17)
            .Input("features", OnnxDataType.Float, "batch", 4)
            .Output("score", OnnxDataType.Float, "batch", 4)
            .Node("Relu", ["features"], ["score"])
            .ToBytes());
        var card = System.IO.Path.Combine(folder, "card.md");
        File.WriteAllText(card, BareCard);
        return MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = model,
            CardPath = card,
            OutputDirectory = System.IO.Path.Combine(folder, "out"),
            SourceDateEpoch = Epoch,
            RepositoryRoot = folder,
        });
    }
}
