using MlOps.Governance.Packaging;
using MlOps.Onnx;

namespace MlOps.Catalog.Tests.Domain;

/// <summary>A small real artefact (low-risk card) for the domain tests: the catalog registers real .mlpkg files.</summary>
internal static class DomainArtefact
{
    public static string Card(string version) =>
        $"---\nname: churn\nversion: {version}\nowners: [Data Team]\ndescription: Predicts churn. Used weekly.\nintendedUse: Retention campaigns.\nlicence: MIT\n" +
        "risk:\n  probability: rare\n  severity: low\n  euAiActCategory: minimal\n---\nProse.\n";

    public static PackageResult Build(string folder, string version = "0.3.1")
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
        File.WriteAllText(card, Card(version));
        return MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = model,
            CardPath = card,
            OutputDirectory = Path.Combine(folder, "out"),
            SourceDateEpoch = 1700000000,
            RepositoryRoot = folder,
        });
    }
}
