using System.Text.Json.Nodes;
using MlOps.Attestations.Statements;
using MlOps.Serialization;

namespace MlOps.Release.Approvals;

/// <summary>
/// The approval predicate (<c>https://mlopsbuild.dev/approval/v1</c>, docs/attestations.md): who approved in which role
/// is known from the signing key and the trust file; the predicate says what they decided, why, when, under which
/// conditions, and what they saw (the card's and the gate evidence's SHA-256, the risk level and EU AI Act category).
/// </summary>
/// <param name="Role">The role approved in.</param>
/// <param name="Decision">Approve or reject.</param>
/// <param name="Comment">The approver's reasoning.</param>
/// <param name="Time">When the decision was made (UTC).</param>
/// <param name="CardSha256">SHA-256 of the card the approver read (card/model-card.json).</param>
/// <param name="GateEvidenceSha256">SHA-256 of the gate evidence the approver saw.</param>
/// <param name="RiskLevel">The risk level shown to the approver.</param>
/// <param name="EuAiActCategory">The EU AI Act category shown to the approver.</param>
/// <param name="Expires">The approval no longer counts from this date on, if given.</param>
/// <param name="Scope">Where the approval allows deployment (free text), if given.</param>
public sealed record ApprovalStatement(
    string Role, ApprovalDecision Decision, string Comment, DateTimeOffset Time,
    string CardSha256, string GateEvidenceSha256, string RiskLevel, string EuAiActCategory,
    DateTimeOffset? Expires, string? Scope)
{
    /// <summary>The predicate object.</summary>
    public JsonObject ToPredicate()
    {
        var predicate = new JsonObject
        {
            ["role"] = Role,
            ["decision"] = Decision == ApprovalDecision.Approve ? "approve" : "reject",
            ["comment"] = Comment,
            ["time"] = UtcTime.Format(Time),
            ["card"] = new JsonObject { ["sha256"] = CardSha256 },
            ["gateEvidence"] = new JsonObject { ["sha256"] = GateEvidenceSha256 },
            ["risk"] = new JsonObject { ["level"] = RiskLevel, ["euAiActCategory"] = EuAiActCategory },
        };
        if (Expires is not null || Scope is not null)
        {
            var conditions = new JsonObject();
            if (Expires is { } e)
            {
                conditions["expires"] = UtcTime.Format(e);
            }
            if (Scope is not null)
            {
                conditions["scope"] = Scope;
            }
            predicate["conditions"] = conditions;
        }
        return predicate;
    }

    /// <summary>Reads an approval predicate.</summary>
    /// <exception cref="FormatException">A field is missing or of the wrong kind; the message names it.</exception>
    public static ApprovalStatement Parse(JsonObject predicate) => new(
        Text(predicate, "role"),
        Text(predicate, "decision") switch
        {
            "approve" => ApprovalDecision.Approve,
            "reject" => ApprovalDecision.Reject,
            var other => throw new FormatException($"decision '{other}' is neither approve nor reject"),
        },
        Text(predicate, "comment"),
        ParseTime(Text(predicate, "time"), "time"),
        Text(predicate["card"]?.AsObject(), "sha256"),
        Text(predicate["gateEvidence"]?.AsObject(), "sha256"),
        Text(predicate["risk"]?.AsObject(), "level"),
        Text(predicate["risk"]?.AsObject(), "euAiActCategory"),
        predicate["conditions"]?["expires"] is JsonValue e && e.TryGetValue<string>(out var expires) ? ParseTime(expires, "conditions.expires") : null,
        predicate["conditions"]?["scope"] is JsonValue s && s.TryGetValue<string>(out var scope) ? scope : null);

    /// <summary>The statement about <paramref name="artefact"/>.</summary>
    public InTotoStatement ToStatement(Subject artefact) => InTotoStatement.About(artefact, PredicateTypes.Approval, ToPredicate());

    private static DateTimeOffset ParseTime(string text, string field) =>
        UtcTime.TryParse(text, out var t)
            ? t : throw new FormatException($"'{field}' is not a time");

    private static string Text(JsonObject? o, string name) =>
        o?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"no string '{name}'");
}
