using System.CommandLine;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;
using MlOps.Governance.Policy;
using MlOps.Governance.Risk;
using MlOps.Release.Pages;
using MlOps.Release.Releasing;

namespace MlOps.Cli.Commands;

/// <summary>`mlops release`: decide a release (gate + approvals), sign the release record, write the release page.</summary>
public static class ReleaseCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var artefact = new Argument<string>("artefact") { Description = "The .mlpkg artefact; the release record is appended to <artefact>.intoto.jsonl." };
        var policy = new Option<string?>("--policy") { Description = "A policy YAML file overriding the built-in defaults (docs/policy.md).", HelpName = "yaml" }.Sets(UserInputs.Policy);
        var output = new Option<string>("--out") { Description = "The folder for the release page: release.html, release.md, release.json.", HelpName = "folder", Required = true };
        var command = new Command("release", "Decide the release: the gate and the approvals the policy asks for, judged under the trust file. " +
            "Released: a signed release record is appended to the bundle. Writes the release page either way. Exit 0 released, 1 blocked, 2 bad input.");
        command.Arguments.Add(artefact);
        foreach (var o in new Option[] { SigningOptions.RequiredTrust, SigningOptions.Key, SigningOptions.PassphraseVariable, policy, output })
        {
            command.Options.Add(o);
        }
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var path = parse.GetValue(artefact)!;
            var folder = parse.GetValue(output)!;
            if (File.Exists(folder))
            {
                throw new MlOpsException($"'{folder}' is a file; the release page is a folder of three files.", folder, fix: "Name a folder (it is created when missing).");
            }
            var trust = SigningOptions.LoadTrust(parse)!;
            using var key = SigningOptions.LoadKey(parse);
            ReleaseDecision.RequireTrusted(trust, key);
            var rules = parse.GetValue(policy) is { } policyPath ? PolicyFile.Read(policyPath) : GatePolicy.BuiltIn;
            if (IntactArtefact.Check(path, "released") is not { } subject)
            {
                return ExitCodes.Failed;
            }
            var outcome = ReleaseDecision.Decide(path, subject, rules, trust, key, DateTimeOffset.UtcNow);
            var page = ReleasePage.Write(folder, outcome.Verdict, outcome.RecordSha256);
            var verdict = outcome.Verdict;
            var inputs = verdict.Evidence.Inputs;
            Console.Out.WriteLine($"{(verdict.Released ? "RELEASED" : "BLOCKED")}: {inputs.Name} {inputs.Version}, risk level {RiskWords.Of(inputs.Risk.Level)} " +
                $"(EU AI Act: {RiskWords.Of(inputs.Risk.EuAiActCategory)}), {verdict.Requirements.Count - verdict.Unmet.Count} of {verdict.Requirements.Count} requirements met");
            foreach (var unmet in verdict.Unmet)
            {
                Console.Out.WriteLine($"  unmet: {unmet.Description}: {unmet.Detail}");
            }
            foreach (var ignored in verdict.Approvals.Ignored)
            {
                Console.Out.WriteLine($"  ignored: {ignored}");
            }
            if (outcome.RecordLine is { } line)
            {
                Console.Out.WriteLine($"release record: line {line} of {subject.Name}.intoto.jsonl (sha256:{outcome.RecordSha256})");
            }
            Console.Out.WriteLine($"release page: {page.Html}");
            return verdict.Released ? ExitCodes.Passed : ExitCodes.Failed;
        }));
        return command;
    }
}
