using MlOps.Onnx;
using MlOps.Governance.Packaging;

namespace MlOps.Cli.Tests.ArtefactCommands;

/// <summary>
/// Builds a small real artefact (churn: low-risk card, one input, one output) in a folder. Shared by the CLI, catalog
/// and catalog web tests (linked into their projects), so every one of them registers, pushes or serves a real .mlpkg.
/// </summary>
internal static class SampleArtefact
{
    public const string Card = "---\nname: churn\nversion: 0.3.1\nowners: [Data Team]\ndescription: Predicts churn.\nintendedUse: Retention campaigns.\nlicence: MIT\nrisk:\n  probability: rare\n  severity: low\n  euAiActCategory: minimal\n---\nProse.\n";

    /// <summary>The card at another version of the same model.</summary>
    public static string CardAt(string version) => Card.Replace("version: 0.3.1", $"version: {version}", StringComparison.Ordinal);

    public static PackageResult Build(string folder, long epoch = 1700000000, string version = "0.3.1")
    {
        Directory.CreateDirectory(folder);
        var model = Path.Combine(folder, "churn.onnx");
        File.WriteAllBytes(model, new OnnxModelBuilder()
            .Opset("", 17)
            .Input("features", OnnxDataType.Float, "batch", 4)
            .Output("score", OnnxDataType.Float, "batch", 4)
            .Node("Relu", ["features"], ["score"])
            .ToBytes());
        var card = Path.Combine(folder, "card.md");
        File.WriteAllText(card, CardAt(version));
        return MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = model,
            CardPath = card,
            OutputDirectory = Path.Combine(folder, "out"),
            SourceDateEpoch = epoch,
            RepositoryRoot = folder,
        });
    }
}
