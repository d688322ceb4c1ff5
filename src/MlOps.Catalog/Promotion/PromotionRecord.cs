using System.Text.Json.Nodes;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;
using MlOps.Catalog.Store;
using MlOps.Serialization;

namespace MlOps.Catalog.Promotion;

/// <summary>What a promotion record says: the version, the move, why, when, and the gate evidence a production move rested on.</summary>
/// <param name="Version">The version moved.</param>
/// <param name="From">The stage it left.</param>
/// <param name="To">The stage it entered.</param>
/// <param name="Reason">Why, in the promoter's words.</param>
/// <param name="Time">When.</param>
/// <param name="GateEvidenceSha256">The gate evidence's sha256 (a move into production only).</param>
/// <param name="TrustSha256">The trust file's sha256 the promoter's key was judged under.</param>
public sealed record PromotionFacts(VersionRecord Version, Stage From, Stage To, string? Reason, DateTimeOffset Time, string? GateEvidenceSha256, string TrustSha256);

/// <summary>
/// The promotion record (<c>https://mlopsbuild.dev/promotion/v1</c>, docs/catalog.md): a DSSE envelope of an in-toto
/// statement about the .mlpkg file, signed by the promoter, stored with the version's attestations in the catalog.
/// </summary>
public static class PromotionRecord
{
    /// <summary>The predicate type.</summary>
    public const string PredicateType = "https://mlopsbuild.dev/promotion/v1";

    /// <summary>The predicate of <paramref name="facts"/>.</summary>
    public static JsonObject Predicate(PromotionFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var predicate = new JsonObject
        {
            ["model"] = new JsonObject { ["name"] = facts.Version.Model, ["version"] = facts.Version.Version, ["digest"] = facts.Version.Digest },
            ["from"] = facts.From.Word(),
            ["to"] = facts.To.Word(),
            ["reason"] = facts.Reason,
            ["time"] = UtcTime.Format(facts.Time),
            ["trust"] = new JsonObject { ["sha256"] = facts.TrustSha256 },
        };
        if (facts.GateEvidenceSha256 is { } gate)
        {
            predicate["gateEvidence"] = new JsonObject { ["sha256"] = gate };
        }
        return predicate;
    }

    /// <summary>The signed envelope about <paramref name="artefact"/> (the .mlpkg's file name and sha256).</summary>
    public static DsseEnvelope Sign(PromotionFacts facts, Subject artefact, SigningKey key) =>
        DsseEnvelope.Create(InTotoStatement.PayloadType, InTotoStatement.About(artefact, PredicateType, Predicate(facts)).ToPayload(), key);
}
