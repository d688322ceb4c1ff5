using System.Text.Json.Nodes;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Verification;
using MlOps.Serialization;

namespace MlOps.Release.Pages;

/// <summary>One resolved dependency of a build (an SLSA v1 ResourceDescriptor): what went in, named and pinned.</summary>
/// <param name="Name">The dependency's name, if given.</param>
/// <param name="Uri">Where it came from, if given.</param>
/// <param name="Digest">Its digests, algorithm to value, in the predicate's order.</param>
public sealed record ResolvedDependency(string? Name, string? Uri, IReadOnlyList<KeyValuePair<string, string>> Digest);

/// <summary>
/// What the release page says about how the model was built, read from the bundle's provenance line with the
/// standard SLSA provenance v1 field names only (https://slsa.dev/spec/v1.0/provenance), each of them optional, so
/// that any conforming builder's provenance is summarised and a missing field is shown as missing, not guessed.
/// </summary>
/// <param name="Line">The bundle line it was read from.</param>
/// <param name="Status">That line's status (valid or unsigned: nothing else is trusted enough to summarise).</param>
/// <param name="Signer">Who signed it, when valid.</param>
/// <param name="BuilderId"><c>runDetails.builder.id</c>.</param>
/// <param name="BuildType"><c>buildDefinition.buildType</c>.</param>
/// <param name="FinishedOn"><c>runDetails.metadata.finishedOn</c>, as written.</param>
/// <param name="Dependencies"><c>buildDefinition.resolvedDependencies</c>.</param>
public sealed record ProvenanceSummary(int Line, AttestationStatus Status, string? Signer, string? BuilderId, string? BuildType,
    string? FinishedOn, IReadOnlyList<ResolvedDependency> Dependencies)
{
    /// <summary>
    /// The provenance of the last valid provenance line, else of the last unsigned one (a build without a configured
    /// key writes it unsigned: still a record, shown as such); null when the bundle has neither. Lines signed by an
    /// unknown or revoked key, changed or about another artefact are never summarised: the page would vouch for them.
    /// </summary>
    public static ProvenanceSummary? From(IReadOnlyList<VerifiedAttestation> attestations)
    {
        var provenance = attestations.Where(a => a.Statement?.PredicateType == PredicateTypes.Provenance).ToList();
        var line = provenance.LastOrDefault(a => a.Status == AttestationStatus.Valid)
            ?? provenance.LastOrDefault(a => a.Status == AttestationStatus.Unsigned);
        if (line is null)
        {
            return null;
        }
        var predicate = line.Statement!.Predicate;
        var dependencies = At(predicate, "buildDefinition", "resolvedDependencies") is JsonArray list
            ? list.OfType<JsonObject>().Select(Dependency).ToList()
            : [];
        return new ProvenanceSummary(line.Line, line.Status, line.Signer?.Display,
            JsonFields.String(At(predicate, "runDetails", "builder", "id")),
            JsonFields.String(At(predicate, "buildDefinition", "buildType")),
            JsonFields.String(At(predicate, "runDetails", "metadata", "finishedOn")),
            dependencies);
    }

    private static ResolvedDependency Dependency(JsonObject d) => new(
        JsonFields.String(d["name"]), JsonFields.String(d["uri"]),
        d["digest"] is JsonObject digest
            ? digest.Where(p => JsonFields.String(p.Value) is not null).Select(p => new KeyValuePair<string, string>(p.Key, JsonFields.String(p.Value)!)).ToList()
            : []);

    // The node at a path of object fields; null when any step is missing or not an object (JsonNode's own indexer
    // would throw on a string where an object was expected).
    private static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject o ? o[name] : null;
        }
        return node;
    }
}

