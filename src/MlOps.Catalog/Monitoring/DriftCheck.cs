using System.Text;
using System.Text.Json;
using MlOps.Catalog.Store;
using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Hashing;
using MlOps.Serialization;

namespace MlOps.Catalog.Monitoring;

/// <summary>
/// A drift report from <c>mlops drift compare</c> (<c>mlops.evidence.drift-report/v1</c>, written by
/// DriftReportJson) as a monitoring result of one version: whether the data drifted, which features, and the report
/// itself, named by its sha256.
/// </summary>
public static class DriftCheck
{
    /// <summary>The monitoring kind of a drift check.</summary>
    public const string Kind = "drift";

    /// <summary>Reads the report at <paramref name="path"/> as a check of <paramref name="version"/> at <paramref name="checkedAt"/>.</summary>
    /// <exception cref="MlOpsException">Not JSON, not a drift report (the field named), or about another model (MLOPS167).</exception>
    public static MonitoringRecord Read(string path, VersionRecord version, DateTimeOffset checkedAt)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!File.Exists(path))
        {
            throw new MlOpsException($"The drift report '{path}' does not exist.", path, fix: "Name the JSON report 'mlops drift compare --out' wrote.",
                diagnostic: DiagnosticCatalog.NotADriftReport);
        }
        var bytes = File.ReadAllBytes(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw Bad(path, $"is not JSON ({e.Message})", e.LineNumber + 1);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad(path, "is not a JSON object");
            }
            var schema = EvidenceKinds.SchemaOf(EvidenceKinds.DriftReport);
            if (JsonFields.String(root, "schema") != schema)
            {
                throw Bad(path, $"has 'schema' {Show(root, "schema")}, not \"{schema}\"");
            }
            // Drift is about data, so `drift compare` names no model; a report that does name one must name this version's.
            if (JsonFields.String(root, "modelSha256") is { } model && ModelSha256(version) is { } expected && model != expected)
            {
                throw new MlOpsException(
                    $"The drift report '{path}' is about the model with sha256 {model}, not {version.Model} {version.Version} (model sha256 {expected}).",
                    path, fix: "Add the report to the version it checked.", diagnostic: DiagnosticCatalog.NotADriftReport);
            }
            if (!root.TryGetProperty("datasetDrift", out var drift) || drift.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw Bad(path, $"has 'datasetDrift' {Show(root, "datasetDrift")}, not true or false");
            }
            if (!root.TryGetProperty("driftedFeatures", out var features) || features.ValueKind != JsonValueKind.Array
                || features.EnumerateArray().Any(f => f.ValueKind != JsonValueKind.String))
            {
                throw Bad(path, "has no 'driftedFeatures' list of feature names");
            }
            return new MonitoringRecord(version.Digest, checkedAt, Kind, drift.GetBoolean(),
                features.EnumerateArray().Select(f => f.GetString()!).ToList(), Sha256Hex.Of(bytes), Encoding.UTF8.GetString(bytes));
        }
    }

    /// <summary>The latest check of a version (by check time), or null when it was never checked.</summary>
    public static MonitoringRecord? Latest(IReadOnlyList<MonitoringRecord> checks) =>
        checks.OrderBy(c => c.CheckedAt).LastOrDefault();

    /// <summary>"DRIFTED since 2026-12-01T00:00:00Z: age, income" when the latest check drifted, else null.</summary>
    public static string? Flag(IReadOnlyList<MonitoringRecord> checks) =>
        Latest(checks) is { Drifted: true } latest
            ? $"DRIFTED since {UtcTime.Format(latest.CheckedAt)}: {(latest.DriftedFeatures.Count == 0 ? "(no feature named)" : string.Join(", ", latest.DriftedFeatures))}"
            : null;

    // The card JSON carries the source model's sha256 (identity.sourceModelSha256), which evidence names as modelSha256.
    private static string? ModelSha256(VersionRecord version)
    {
        try
        {
            using var card = JsonDocument.Parse(version.CardJson);
            return card.RootElement.ValueKind == JsonValueKind.Object && card.RootElement.TryGetProperty("identity", out var identity)
                && identity.ValueKind == JsonValueKind.Object ? JsonFields.String(identity, "sourceModelSha256") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static MlOpsException Bad(string path, string what, long? line = null) =>
        new($"'{path}' {what}: it is not a drift report.", path, line, "Pass the JSON report 'mlops drift compare --out' wrote (not its HTML page or the baseline).",
            DiagnosticCatalog.NotADriftReport);

    private static string Show(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? (value.ValueKind == JsonValueKind.String ? $"\"{value.GetString()}\"" : value.GetRawText()) : "missing";
}
