using System.Text.Json.Nodes;
using MlOps.Diagnostics;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Policy;
using MlOps.Hashing;
using MlOps.IO;
using MlOps.Serialization;

namespace MlOps.Release.Bom;

/// <summary>
/// The CycloneDX 1.6 ML-BOM of an .mlpkg artefact (docs/bom.md): the model as a <c>machine-learning-model</c>
/// component with its hashes and model card, the data sets it was built and judged with, and the tools that built
/// it. Made only from a verified artefact, and only from the artefact: the same artefact gives the same bytes
/// (the serial number is derived from its sha256, the timestamp is its reproducible build time, the writer is
/// <see cref="CanonicalJson"/>), so <c>mlops bom</c> and the build's <c>MlOpsEmitBom</c> write identical files.
/// </summary>
public static class ModelBom
{
    /// <summary>
    /// Verifies the artefact and, when it is intact, makes its BOM. A tampered artefact gives a result without a
    /// BOM whose <see cref="BomResult.Verification"/> names every difference.
    /// </summary>
    /// <exception cref="MlOpsException">Not an artefact or an unreadable one (MLOPS112, 114, 115), or a card or
    /// evidence member that cannot be read (MLOPS104, 105, 111).</exception>
    public static BomResult Create(string artefactPath)
    {
        ArgumentNullException.ThrowIfNull(artefactPath);
        var verification = MlPackageVerifier.Verify(artefactPath);
        if (!verification.Intact)
        {
            return new BomResult { Verification = verification };
        }
        var source = Read(artefactPath, verification.FileSha256 ?? Sha256Hex.OfFile(artefactPath));
        var dataSets = DataSets.Of(source.Manifest, source.Evidence);
        var document = Document(source, dataSets);
        return new BomResult
        {
            Verification = verification,
            Bytes = CanonicalJson.Indented(document),
            FileSha256 = source.FileSha256,
            DataSetCount = dataSets.Count,
            MetricCount = (document["metadata"]?["component"]?["modelCard"]?["quantitativeAnalysis"]?["performanceMetrics"] as JsonArray)?.Count ?? 0,
        };
    }

    /// <summary>
    /// Verifies the artefact, makes its BOM and writes it to <paramref name="bomPath"/> atomically (a failure leaves
    /// what was there).
    /// </summary>
    /// <exception cref="MlOpsException">MLOPS119 when the artefact is not intact; the errors of <see cref="Create"/>;
    /// the output cannot be written.</exception>
    public static BomResult Write(string artefactPath, string bomPath)
    {
        var result = Create(artefactPath);
        if (result.Bytes is null)
        {
            var first = result.Verification.Differences[0];
            throw new MlOpsException(
                $"The artefact is not intact ({result.Verification.Differences.Count} difference(s), first: {first}); a BOM would vouch for bytes nobody built.",
                file: artefactPath, fix: "Verify the artefact and obtain an intact copy, or rebuild it.", diagnostic: DiagnosticCatalog.MemberTampered);
        }
        AtomicFile.Write(bomPath, result.Bytes);
        return result;
    }

    /// <summary>Where the build writes the BOM of <paramref name="artefactPath"/>: <c>&lt;name&gt;-&lt;version&gt;.cdx.json</c> beside it.</summary>
    public static string PathBeside(string artefactPath)
    {
        ArgumentNullException.ThrowIfNull(artefactPath);
        var stem = artefactPath.EndsWith(ArtefactPaths.Extension, StringComparison.OrdinalIgnoreCase)
            ? artefactPath[..^ArtefactPaths.Extension.Length]
            : artefactPath;
        return stem + CycloneDx.FileSuffix;
    }

    private static BomSource Read(string artefactPath, string fileSha256)
    {
        // The gate's reader: the card as the model embeds it and the evidence as the gate judges it.
        var inputs = GateInputs.FromArtefact(artefactPath);
        using var package = MlPackageReader.Open(artefactPath);
        return new BomSource
        {
            FileName = Path.GetFileName(artefactPath),
            FileSha256 = fileSha256,
            Digest = package.Digest,
            Manifest = package.Manifest,
            Card = inputs.Card,
            Evidence = inputs.Evidence,
        };
    }

    private static JsonObject Document(BomSource source, IReadOnlyList<DataSet> dataSets)
    {
        var m = source.Manifest;
        var bom = new JsonObject
        {
            ["$schema"] = CycloneDx.Schema,
            ["bomFormat"] = CycloneDx.BomFormat,
            ["specVersion"] = CycloneDx.SpecVersion,
            ["serialNumber"] = BomSerialNumber.Of(source.FileSha256),
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                // The artefact's one reproducible timestamp, never the clock: a BOM made later is the same BOM.
                ["timestamp"] = UtcTime.FromUnixSeconds(m.Lineage.SourceDateEpoch),
                ["tools"] = new JsonObject { ["components"] = Tools(m) },
                ["component"] = ModelComponent.Of(source, dataSets),
            },
        };
        if (dataSets.Count > 0)
        {
            bom["components"] = new JsonArray(dataSets.Select(d => (JsonNode)DataSets.Component(d)).ToArray());
        }
        return bom;
    }

    /// <summary>
    /// The tools the manifest records as having built the artefact (MlOps.Build, MlOps.Governance, MSBuild, the SDK),
    /// with their versions. Not the BOM writer: then the CLI and the build would write different bytes for one artefact.
    /// </summary>
    private static JsonArray Tools(ArtefactManifest manifest) =>
        new(manifest.Lineage.Tools.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t =>
        {
            var tool = new JsonObject { ["type"] = "application", ["name"] = t.Key };
            if (t.Value.Length > 0)
            {
                tool["version"] = t.Value;
            }
            return (JsonNode)tool;
        }).ToArray());
}
