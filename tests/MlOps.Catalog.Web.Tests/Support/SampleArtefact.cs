using MlOps.Governance.Packaging;
using MlOps.Onnx;

namespace MlOps.Catalog.Web.Tests.Support;

/// <summary>A small real artefact (churn, low risk) built in a folder, for registering over the API.</summary>
public static class SampleArtefact
{
    public const string Card = "---\nname: churn\nversion: 0.3.1\nowners: [Data Team]\ndescription: Predicts churn.\nintendedUse: Retention campaigns.\nlicence: MIT\nrisk:\n  probability: rare\n  severity: low\n  euAiActCategory: minimal\n---\nProse.\n";

    public static string Build(string folder)
    {
        var model = Path.Combine(folder, "churn.onnx");
        File.WriteAllBytes(model, new OnnxModelBuilder()
            .Opset("", 17)
            .Input("features", OnnxDataType.Float, "batch", 4)
            .Output("score", OnnxDataType.Float, "batch", 4)
            .Node("Relu", ["features"], ["score"])
            .ToBytes());
        var card = Path.Combine(folder, "card.md");
        File.WriteAllText(card, Card);
        return MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = model,
            CardPath = card,
            OutputDirectory = Path.Combine(folder, "out"),
            SourceDateEpoch = 1700000000,
            RepositoryRoot = folder,
        }).PackagePath;
    }
}
