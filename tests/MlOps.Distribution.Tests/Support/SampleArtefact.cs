using MlOps.Attestations.Bundles;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Statements;
using MlOps.Governance.Packaging;
using MlOps.Onnx;

namespace MlOps.Distribution.Tests.Support;

/// <summary>
/// A real .mlpkg built with MlPackageBuilder (a model with about <c>weights</c> × 4 bytes of random weights, so uploads can be
/// cut part-way), with an attestation bundle beside it holding one unsigned provenance-like statement about it.
/// </summary>
public sealed class SampleArtefact : IDisposable
{
    public const string Card = "---\nname: churn\nversion: 0.3.1\nowners: [Data Team]\ndescription: Predicts churn.\nintendedUse: Retention campaigns.\nlicence: MIT\nrisk:\n  probability: rare\n  severity: low\n  euAiActCategory: minimal\n---\nProse.\n";

    public SampleArtefact(int weights = 64 * 1024, bool bundle = true, int bundleLines = 1)
    {
        Folder = Directory.CreateTempSubdirectory("mlops-oci-").FullName;
        var random = new Random(7);
        var values = Enumerable.Range(0, weights).Select(_ => (float)random.NextDouble()).ToArray();
        var model = Path.Combine(Folder, "churn.onnx");
        File.WriteAllBytes(model, new OnnxModelBuilder()
            .Opset("", 17)
            .Input("features", OnnxDataType.Float, "batch", weights)
            .Output("score", OnnxDataType.Float, "batch", weights)
            .Initializer("W", values, weights)
            .Node("Add", ["features", "W"], ["score"])
            .ToBytes());
        var card = Path.Combine(Folder, "card.md");
        File.WriteAllText(card, Card);
        var result = MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = model,
            CardPath = card,
            OutputDirectory = Path.Combine(Folder, "out"),
            SourceDateEpoch = 1700000000,
            RepositoryRoot = Folder,
        });
        PackagePath = result.PackagePath;
        if (bundle)
        {
            var statement = InTotoStatement.About(Subject.OfFile(PackagePath), PredicateTypes.Approval,
                new() { ["role"] = "risk-manager", ["decision"] = "approve", ["time"] = "2026-12-01T10:00:00Z" });
            for (var line = 0; line < bundleLines; line++)
            {
                AttestationBundle.Append(BundlePath, DsseEnvelope.Create(InTotoStatement.PayloadType, statement.ToPayload(), null));
            }
        }
    }

    public string Folder { get; }

    public string PackagePath { get; }

    public string BundlePath => AttestationBundle.PathFor(PackagePath);

    public string FileName => Path.GetFileName(PackagePath);

    /// <summary>A fresh empty folder inside the sample's folder (an --out that does not exist yet).</summary>
    public string OutFolder(string name = "pulled") => Path.Combine(Folder, name);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
