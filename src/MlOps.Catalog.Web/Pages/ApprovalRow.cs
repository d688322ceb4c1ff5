using System.Text;
using MlOps.Attestations.Dsse;
using MlOps.Attestations.Statements;
using MlOps.Catalog.Store;
using MlOps.Release.Approvals;

namespace MlOps.Catalog.Web.Pages;

/// <summary>
/// One approval as stored with a version. The page shows the decision as recorded; judging the signer against a
/// trust file is the gate's job (the catalog ran it at promotion), so the key id is shown, not a verified name.
/// </summary>
internal sealed record ApprovalRow(string Role, string Decision, string Comment, DateTimeOffset Time, string? KeyId, DateTimeOffset? Expires)
{
    /// <summary>The approvals among <paramref name="attestations"/>, in stored order (lines that do not parse are skipped: the attestation list shows them).</summary>
    public static IReadOnlyList<ApprovalRow> From(IReadOnlyList<StoredAttestation> attestations)
    {
        var rows = new List<ApprovalRow>();
        foreach (var a in attestations.Where(a => a.PredicateType == PredicateTypes.Approval))
        {
            try
            {
                var envelope = DsseEnvelope.Parse(Encoding.UTF8.GetBytes(a.Line));
                if (InTotoStatement.TryParse(envelope.Payload) is not { PredicateType: PredicateTypes.Approval } statement)
                {
                    continue;
                }
                var approval = ApprovalStatement.Parse(statement.Predicate);
                rows.Add(new ApprovalRow(approval.Role, approval.Decision == ApprovalDecision.Approve ? "approve" : "reject",
                    approval.Comment, approval.Time, a.KeyId, approval.Expires));
            }
            catch (Exception e) when (e is FormatException or MlOpsException or System.Text.Json.JsonException or InvalidOperationException)
            {
                // A line the catalog stored but cannot read as an approval: listed under attestations, not here.
            }
        }
        return rows;
    }
}
