using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.TestSupport;
using MlOps.Hashing;

namespace MlOps.Release.Tests.Dossier;

/// <summary>
/// A real high-risk artefact for the dossier: the Governance sample (card, model, data) with every Annex IV card
/// field and the evaluation, fairness and drift-baseline evidence, built with a fixed clock.
/// </summary>
internal sealed class DossierArtefact : IDisposable
{
    /// <summary>The Annex IV fields, one line each, so a test can drop one.</summary>
    public static IReadOnlyDictionary<string, string> AnnexIvFields { get; } = new Dictionary<string, string>
    {
        ["metricsRationale"] = "metricsRationale: ROC AUC ranks applicants as credit officers review them; equalized odds shows errors per group.",
        ["riskManagement"] = "riskManagement: Quarterly risk review by the model risk committee; residual risks are logged in the risk register.",
        ["lifecycleChanges"] = "lifecycleChanges: [\"1.2.0: retrained on 2024 data\", \"1.1.0: age band feature removed\"]",
        ["standardsApplied"] = "standardsApplied: [ISO/IEC 23894:2023, ISO/IEC 42001:2023]",
        ["declarationOfConformity"] = "declarationOfConformity: EU-DoC-credit-risk-1.2.0, signed by the CEO on 2026-11-30.",
        ["postMarketMonitoring"] = "postMarketMonitoring: Weekly drift comparison against the baseline; monthly accuracy review on labelled outcomes.",
    };

    private readonly SampleInputs _inputs = new();

    /// <summary>Builds the artefact; <paramref name="without"/> drops Annex IV card fields, <paramref name="extraCard"/> adds front-matter lines.</summary>
    public DossierArtefact(IEnumerable<string>? without = null, string extraCard = "", bool evidence = true)
    {
        var drop = new HashSet<string>(without ?? []);
        var fields = string.Concat(AnnexIvFields.Where(f => !drop.Contains(f.Key)).Select(f => f.Value + "\n"));
        _inputs.WriteCard(SampleInputs.Card.Replace("\r\n", "\n").Replace("licence: MIT\n---", "licence: MIT\n" + fields + extraCard + "---", StringComparison.Ordinal));
        var modelSha = Sha256Hex.Of(_inputs.ModelBytes);
        if (evidence)
        {
            File.WriteAllText(Path.Combine(_inputs.EvidenceDirectory, "fairness.json"),
                $"{{\n  \"schema\": \"mlops.evidence.fairness/v1\",\n  \"kind\": \"fairness\",\n  \"modelSha256\": \"{modelSha}\",\n  \"verdict\": \"passed\"\n}}\n");
            File.WriteAllText(Path.Combine(_inputs.EvidenceDirectory, "drift-baseline.json"),
                "{\n  \"schema\": \"mlops.evidence.drift-baseline/v1\",\n  \"kind\": \"drift-baseline\",\n  \"modelSha256\": null,\n  \"verdict\": \"info\"\n}\n");
        }
        else
        {
            Directory.Delete(_inputs.EvidenceDirectory, recursive: true);
        }
        Result = MlPackageBuilder.Build(_inputs.Request());
    }

    /// <summary>The built artefact.</summary>
    public PackageResult Result { get; }

    /// <summary>The .mlpkg path.</summary>
    public string PackagePath => Result.PackagePath;

    /// <summary>A path in the sample's folder.</summary>
    public string PathIn(string name) => Path.Combine(_inputs.Root, name);

    public void Dispose() => _inputs.Dispose();
}
