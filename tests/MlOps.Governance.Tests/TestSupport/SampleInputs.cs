using System.Text;
using MlOps.Onnx;
using MlOps.Hashing;
using MlOps.Governance.Packaging;

namespace MlOps.Governance.Tests.TestSupport;

/// <summary>
/// A realistic set of packaging inputs in a temp folder: a small logistic-regression ONNX model, a complete
/// high-risk card, training and evaluation CSVs and an evaluation evidence file about that model.
/// </summary>
public sealed class SampleInputs : IDisposable
{
    public const string Card = """
        ---
        name: credit-risk
        version: 1.2.0
        owners:
          - Risk Analytics <risk@example.org>
        description: Scores the probability that a loan applicant defaults.
        intendedUse: Decision support for credit officers reviewing consumer loan applications.
        outOfScopeUse: Fully automated rejection of applicants; any use outside consumer credit.
        limitations:
          - Trained on German credit data from the 1990s.
          - Not calibrated for applicants under 21.
        ethicalConsiderations: Age and sex are sensitive; fairness evidence is reviewed per release.
        humanOversight: A credit officer confirms every adverse decision.
        risk:
          probability: likely
          severity: major
          euAiActCategory: high-risk
        sensitiveFeatures: [age, sex]
        label: default
        licence: MIT
        ---
        # Notes

        Retrained quarterly. See <b>the runbook</b>.
        """;

    public SampleInputs()
    {
        Directory.CreateDirectory(Root);
        ModelBytes = BuildModel();
        File.WriteAllBytes(ModelPath, ModelBytes);
        File.WriteAllText(CardPath, Card.Replace("\r\n", "\n"));
        File.WriteAllText(TrainPath, "age,income,sex,default\n25,1000,f,0\n40,3000,m,1\n33,2000,f,0\n");
        File.WriteAllText(EvalPath, "age,income,sex,default\n50,4000,m,0\n22,500,f,1\n");
        Directory.CreateDirectory(EvidenceDirectory);
        File.WriteAllText(Path.Combine(EvidenceDirectory, "evaluation.json"), EvaluationEvidence(Sha256Hex.Of(ModelBytes)));
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "mlops-gov-" + Guid.NewGuid().ToString("N"));

    public string ModelPath => Path.Combine(Root, "credit-risk.onnx");

    public string CardPath => Path.Combine(Root, "model-card.md");

    public string TrainPath => Path.Combine(Root, "train.csv");

    public string EvalPath => Path.Combine(Root, "eval.csv");

    public string EvidenceDirectory => Path.Combine(Root, "evidence");

    public string OutputDirectory => Path.Combine(Root, "out");

    public byte[] ModelBytes { get; }

    public static string EvaluationEvidence(string? modelSha256, string verdict = "passed") =>
        "{\n  \"schema\": \"mlops.evidence.evaluation/v1\",\n  \"kind\": \"evaluation\",\n  \"modelSha256\": "
        + (modelSha256 is null ? "null" : $"\"{modelSha256}\"")
        + $",\n  \"verdict\": \"{verdict}\",\n  \"task\": \"classification\",\n  \"rows\": 2,\n  \"metrics\": {{\n    \"accuracy\": 0.5,\n    \"rocAuc\": 0.75\n  }}\n}}\n";

    /// <summary>A request with every input; <paramref name="output"/> defaults to <see cref="OutputDirectory"/>.</summary>
    public PackageRequest Request(string? output = null) => new()
    {
        ModelPath = ModelPath,
        CardPath = CardPath,
        TrainingData = [TrainPath],
        EvaluationData = [EvalPath],
        EvidenceDirectory = EvidenceDirectory,
        OutputDirectory = output ?? OutputDirectory,
        SourceDateEpoch = 1700000000,
        RepositoryRoot = Root,
        ToolVersions = new Dictionary<string, string> { ["test"] = "1.0.0" },
    };

    public static byte[] BuildModel() => new OnnxModelBuilder()
        .Producer("skl2onnx", "1.16.0")
        .Opset("", 17)
        .Input("X", OnnxDataType.Float, "N", 3)
        .Output("probability", OnnxDataType.Float, "N", 1)
        .Initializer("W", [0.5f, -0.25f, 1f], 3, 1)
        .Initializer("B", [0.1f], 1)
        .Node("MatMul", ["X", "W"], ["XW"])
        .Node("Add", ["XW", "B"], ["Z"])
        .Node("Sigmoid", ["Z"], ["probability"])
        .ToBytes();

    public void WriteCard(string text) => File.WriteAllText(CardPath, text.Replace("\r\n", "\n"), new UTF8Encoding(false));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
