using System.CommandLine;
using System.Globalization;
using MlOps.Attestations.Keys;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;
using MlOps.Governance.Policy;
using MlOps.Release.Approvals;

namespace MlOps.Cli.Commands;

/// <summary>`mlops approve`: record a signed approval or rejection of an artefact in a role.</summary>
public static class ApproveCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var artefact = new Argument<string>("artefact") { Description = "The .mlpkg artefact; the approval is appended to <artefact>.intoto.jsonl." };
        var role = new Option<string>("--role") { Description = "The role you approve in (as the trust file gives it, e.g. model-owner, risk-manager, compliance).", HelpName = "role", Required = true }.Sets(UserInputs.ApprovalRole);
        var decision = new Option<string>("--decision") { Description = "approve (default) or reject (a rejection vetoes the release).", HelpName = "decision", DefaultValueFactory = _ => "approve" }
            .AcceptOnlyFromAmong("approve", "reject");
        var comment = new Option<string>("--comment") { Description = "Your reasoning, and any condition you accepted (required).", HelpName = "text", Required = true }.Sets(UserInputs.ApprovalComment);
        var expires = new Option<string?>("--expires") { Description = "The approval stops counting on this date (yyyy-MM-dd, UTC).", HelpName = "date" }.Sets(UserInputs.ApprovalExpiry);
        var scope = new Option<string?>("--scope") { Description = "Where the approval allows deployment (free text, e.g. 'EU retail lending, human review of declines').", HelpName = "text" };
        var policy = new Option<string?>("--policy") { Description = "The policy the gate evidence you saw is judged under (default built-in).", HelpName = "yaml" }.Sets(UserInputs.Policy);
        var command = new Command("approve", "Sign an approval (or rejection) of the artefact in a role. Exit 0 recorded, 1 artefact not intact, 2 bad input.");
        command.Arguments.Add(artefact);
        foreach (var o in new Option[] { role, decision, comment, expires, scope, SigningOptions.Key, SigningOptions.PassphraseVariable, SigningOptions.Trust, policy })
        {
            command.Options.Add(o);
        }
        expires.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !TryDate(text, out _))
            {
                result.AddError($"--expires '{text}' is not a date. Fix: Write the date as yyyy-MM-dd, e.g. 2027-06-30.");
            }
        });
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var path = parse.GetValue(artefact)!;
            using var key = SigningOptions.LoadKey(parse);
            var trust = SigningOptions.LoadTrust(parse);
            var rules = parse.GetValue(policy) is { } policyPath ? PolicyFile.Read(policyPath) : GatePolicy.BuiltIn;
            if (IntactArtefact.Check(path, parse.GetValue(decision) == "reject" ? "rejected" : "approved") is not { } subject)
            {
                return ExitCodes.Failed;
            }
            TryDate(parse.GetValue(expires), out var expiry);
            var request = new ApprovalRequest(parse.GetValue(role)!, parse.GetValue(decision) == "reject" ? ApprovalDecision.Reject : ApprovalDecision.Approve,
                parse.GetValue(comment)!, expiry, parse.GetValue(scope));
            var recorded = Approving.Record(path, subject, request, key, rules, trust, DateTimeOffset.UtcNow);
            var who = recorded.Signer is { } signer ? signer.Display : $"key {KeyId.Short(key.Id)}… (not checked against a trust file)";
            var s = recorded.Statement;
            Console.Out.WriteLine($"{(s.Decision == ApprovalDecision.Approve ? "approved" : "rejected")}: {subject.Name} as {s.Role} by {who}");
            Console.Out.WriteLine($"  saw: risk level {s.RiskLevel}, EU AI Act {s.EuAiActCategory}, card sha256:{s.CardSha256[..12]}…, gate evidence sha256:{s.GateEvidenceSha256[..12]}…");
            Console.Out.WriteLine($"  recorded: line {recorded.Line} of {subject.Name}.intoto.jsonl");
            return ExitCodes.Passed;
        }));
        return command;
    }

    private static bool TryDate(string? text, out DateTimeOffset? date)
    {
        date = null;
        if (text is null)
        {
            return true;
        }
        if (DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d))
        {
            date = d;
            return true;
        }
        return false;
    }
}
