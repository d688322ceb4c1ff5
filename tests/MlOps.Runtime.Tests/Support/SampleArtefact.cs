using MlOps.Onnx;
using MlOps.Governance.Packaging;

namespace MlOps.Runtime.Tests.Support;

/// <summary>A real .mlpkg built with MlPackageBuilder from a small logistic-regression model and a card.</summary>
public sealed class SampleArtefact : IDisposable
{
    public const string Card = """
        ---
        name: credit-risk
        version: 1.2.0
        owners:
          - Risk Analytics <risk@example.org>
        description: Scores the probability that a loan applicant defaults.
        intendedUse: Decision support for credit officers reviewing consumer loan applications.
        outOfScopeUse: Fully automated rejection of applicants.
        limitations:
          - Trained on German credit data from the 1990s.
        ethicalConsiderations: Age and sex are sensitive; fairness evidence is reviewed per release.
        humanOversight: A credit officer confirms every adverse decision.
        risk:
          probability: unlikely
          severity: low
          euAiActCategory: minimal
        label: default
        licence: MIT
        ---
        # Notes

        Runtime test model.
        """;

    public SampleArtefact()
    {
        var model = Path.Combine(Folder.Path, "credit-risk.onnx");
        File.WriteAllBytes(model, new OnnxModelBuilder()
            .Producer("skl2onnx", "1.16.0")
            .Opset("", 17)
            .Input("X", OnnxDataType.Float, "N", 3)
            .Output("probability", OnnxDataType.Float, "N", 1)
            .Initializer("W", [0.5f, -0.25f, 1f], 3, 1)
            .Initializer("B", [0.1f], 1)
            .Node("MatMul", ["X", "W"], ["XW"])
            .Node("Add", ["XW", "B"], ["Z"])
            .Node("Sigmoid", ["Z"], ["probability"])
            .ToBytes());
        var card = Path.Combine(Folder.Path, "model-card.md");
        File.WriteAllText(card, Card.Replace("\r\n", "\n"));
        var result = MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = model,
            CardPath = card,
            OutputDirectory = Path.Combine(Folder.Path, "out"),
            SourceDateEpoch = 1700000000,
            RepositoryRoot = Folder.Path,
        });
        PackagePath = result.PackagePath;
        Digest = result.Digest;
    }

    public TempFolder Folder { get; } = new();

    public string PackagePath { get; }

    public string Digest { get; }

    /// <summary>The model's output for one row, computed independently of the evaluator.</summary>
    public static float Expected(float a, float b, float c) => 1f / (1f + MathF.Exp(-(0.5f * a - 0.25f * b + c + 0.1f)));

    public void Dispose() => Folder.Dispose();
}
