using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Attestations.Statements;
using MlOps.Catalog.Store;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Evidence;
using MlOps.Governance.Risk;
using MlOps.Serialization;

namespace MlOps.Catalog.Registering;

/// <summary>
/// What the catalog keeps of an artefact, read from the artefact itself: name, version and digest from the manifest,
/// the card, evidence summaries, risk, lineage. Only ever called on an artefact that verified intact.
/// </summary>
public static class VersionFacts
{
    /// <summary>The version record of the intact artefact at <paramref name="artefactPath"/>.</summary>
    /// <param name="artefactPath">The .mlpkg; its location in the catalog is its absolute path.</param>
    /// <param name="fileSha256">sha256 of the .mlpkg file, from the caller's verification (no second pass over the file).</param>
    /// <param name="attestations">The bundle's lines (the repository URL comes from its provenance).</param>
    /// <param name="registeredBy">Who registers it.</param>
    /// <param name="now">When.</param>
    /// <exception cref="MlOpsException">The artefact cannot be read (not an artefact, no structured card).</exception>
    public static VersionRecord Read(string artefactPath, string fileSha256, IReadOnlyList<StoredAttestation> attestations, string registeredBy, DateTimeOffset now)
    {
        var full = Path.GetFullPath(artefactPath);
        using var package = MlPackageReader.Open(full);
        var manifest = package.Manifest;
        if (manifest.Member(ArtefactPaths.CardJson) is null)
        {
            throw new MlOpsException("The artefact has no structured card (card/model-card.json); the catalog shows a version by its card.", full,
                fix: "Rebuild the artefact with MlOps.Build, which renders the card.");
        }
        var cardJson = package.ReadCardJson();
        return new VersionRecord(
            manifest.Name,
            manifest.Version,
            package.Digest,
            fileSha256,
            new FileInfo(full).Length,
            CardSummary.Read(cardJson).Title ?? manifest.Name,
            cardJson,
            EvidenceSummary(manifest, package.ReadEvidence(EvidenceKinds.Gate)),
            RiskWords.Of(manifest.Risk.Level),
            RiskWords.Of(manifest.Risk.EuAiActCategory),
            manifest.Lineage.Commit,
            RepositoryUrl(attestations, manifest.Lineage.Commit),
            full,
            Stage.Candidate,
            now,
            registeredBy);
    }

    /// <summary>
    /// The evidence summary the catalog stores (docs/catalog.md): <c>{"evidence":[{kind, verdict, sha256, path}],
    /// "gate": {verdict, requirements:[{id, description, met, detail}]} }</c>, the gate part only when the artefact
    /// carries the gate's evidence. Canonical JSON, so the same artefact gives the same bytes.
    /// </summary>
    public static string EvidenceSummary(ArtefactManifest manifest, EvidenceFile? gate)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var doc = new JsonObject
        {
            ["evidence"] = new JsonArray(manifest.Evidence.OrderBy(e => e.Kind, StringComparer.Ordinal).Select(e => (JsonNode?)new JsonObject
            {
                ["kind"] = e.Kind,
                ["verdict"] = e.Verdict,
                ["sha256"] = e.Sha256,
                ["path"] = e.Path,
            }).ToArray()),
        };
        if (gate is not null)
        {
            var requirements = new JsonArray();
            if (gate.Root.TryGetProperty("requirements", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var r in list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
                {
                    requirements.Add(new JsonObject
                    {
                        ["id"] = JsonFields.String(r, "id"),
                        ["description"] = JsonFields.String(r, "description"),
                        ["met"] = r.TryGetProperty("met", out var met) && met.ValueKind == JsonValueKind.True,
                        ["detail"] = JsonFields.String(r, "detail"),
                    });
                }
            }
            doc["gate"] = new JsonObject { ["verdict"] = gate.Verdict, ["sha256"] = gate.Sha256, ["requirements"] = requirements };
        }
        return System.Text.Encoding.UTF8.GetString(CanonicalJson.Canonical(doc));
    }

    /// <summary>
    /// The repository URL from the bundle's provenance (SLSA resolvedDependencies: the git source, "git+" removed),
    /// preferring the line that names the manifest's commit; null when no provenance names one.
    /// </summary>
    public static string? RepositoryUrl(IReadOnlyList<StoredAttestation> attestations, string? commit)
    {
        ArgumentNullException.ThrowIfNull(attestations);
        var sources = new List<(string Uri, string? Commit)>();
        foreach (var attestation in attestations.Where(a => a.PredicateType == PredicateTypes.Provenance))
        {
            var statement = StoredAttestations.ToBundleLine(attestation, 1).ReadStatement();
            if (statement?.Predicate["buildDefinition"] is JsonObject definition && definition["resolvedDependencies"] is JsonArray dependencies)
            {
                foreach (var dependency in dependencies.OfType<JsonObject>())
                {
                    if (dependency["uri"] is JsonValue uri && uri.TryGetValue<string>(out var text) && dependency["digest"]?["gitCommit"] is JsonValue c)
                    {
                        sources.Add((text.StartsWith("git+", StringComparison.Ordinal) ? text[4..] : text, c.TryGetValue<string>(out var id) ? id : null));
                    }
                }
            }
        }
        return sources.LastOrDefault(s => commit is not null && s.Commit == commit).Uri ?? sources.LastOrDefault().Uri;
    }
}
