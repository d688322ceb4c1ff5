using System.CommandLine;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;
using MlOps.Governance.Evidence;
using MlOps.Governance.Policy;
using MlOps.Governance.Risk;
using MlOps.Attestations.Trust;
using MlOps.Release.Releasing;

namespace MlOps.Cli.Commands;

/// <summary>`mlops gate`: apply the policy for the model's risk level and list every unmet requirement.</summary>
public static class GateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var target = new Argument<string>("artefact") { Description = "The .mlpkg artefact, or a folder of loose inputs (model-card.md, one .onnx, evidence *.json)." };
        var policy = new Option<string?>("--policy") { Description = "A policy YAML file overriding the built-in defaults (docs/policy.md).", HelpName = "yaml" }.Sets(UserInputs.Policy);
        var card = new Option<string?>("--card") { Description = "Folder mode: the card source (default <folder>/model-card.md).", HelpName = "file" }.Sets(UserInputs.Card);
        var model = new Option<string?>("--model") { Description = "Folder mode: the model (default the folder's only .onnx).", HelpName = "file" }.Sets(UserInputs.Model);
        var version = new Option<string?>("--version")
        {
            Description = "Folder mode: the model's SemVer 2 version, as the build will stamp it (the project's <Version>); default the card's 'version:'.",
            HelpName = "semver",
        }.Sets(UserInputs.Version);
        var output = new Option<string?>("--out") { Description = "Also write the gate evidence JSON here.", HelpName = "json" };
        var command = new Command("gate", "Apply the risk-scaled policy: exit 0 passed, 1 failed (every gap listed), 2 bad input.");
        command.Arguments.Add(target);
        foreach (var o in new Option[] { policy, card, model, version, output, SigningOptions.Trust })
        {
            command.Options.Add(o);
        }
        // Folder mode reads loose inputs; an artefact carries its own card, model and version.
        command.Validators.Add(result =>
        {
            if (result.GetValue(target) is not { } path || !File.Exists(path))
            {
                return;
            }
            if (result.GetValue(version) is not null)
            {
                result.AddError($"{path}: --version applies to a folder of loose inputs; an artefact carries its own version. Fix: Drop --version when gating an .mlpkg.");
            }
            if (result.GetValue(card) is not null || result.GetValue(model) is not null)
            {
                result.AddError($"{path}: --card and --model apply to a folder of loose inputs; an artefact carries its own card and model. Fix: Drop --card and --model when gating an .mlpkg.");
            }
        });
        command.Validators.Add(result =>
        {
            if (result.GetValue(SigningOptions.Trust) is not null && result.GetValue(target) is { } path && Directory.Exists(path))
            {
                result.AddError($"{path}: --trust judges the approvals of an artefact; a folder of loose inputs has none yet. Fix: Build the artefact, then gate the .mlpkg with --trust.");
            }
        });
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var path = parse.GetValue(target)!;
            if (parse.GetValue(output) is { } outCheck)
            {
                // Before the work: --out must not replace the artefact, the policy or a folder-mode input.
                OutputFolder.Require(outCheck, path, parse.GetValue(policy), parse.GetValue(card), parse.GetValue(model), parse.GetValue(SigningOptions.Trust));
            }
            var rules = parse.GetValue(policy) is { } policyPath ? PolicyFile.Read(policyPath) : GatePolicy.BuiltIn;
            var inputs = Directory.Exists(path) ? GateInputs.FromFolder(path, parse.GetValue(card), parse.GetValue(model), parse.GetValue(version))
                : File.Exists(path) ? GateInputs.FromArtefact(path)
                : throw new MlOpsException($"'{path}' does not exist.", path, fix: "Pass an .mlpkg artefact or a folder with the card, the model and the evidence.");
            if (SigningOptions.LoadTrust(parse) is { } trust)
            {
                return GateWithApprovals(path, rules, trust, parse.GetValue(output));
            }
            var result = PolicyGate.Evaluate(inputs, rules);
            if (parse.GetValue(output) is { } outPath)
            {
                EvidenceDocument.Write(outPath, PolicyGate.ToJson(result));
            }
            Console.Out.WriteLine($"gate: {inputs.Name} {inputs.Version}, risk level {RiskWords.Of(inputs.Risk.Level)} (EU AI Act: {RiskWords.Of(inputs.Risk.EuAiActCategory)}), policy {result.Policy.Source}: " +
                $"{(result.Passed ? "PASSED" : "FAILED")} ({result.Requirements.Count - result.Unmet.Count} of {result.Requirements.Count} requirements met)");
            foreach (var unmet in result.Unmet)
            {
                Console.Out.WriteLine($"  unmet: {unmet.Description}: {unmet.Detail}");
            }
            if (rules.For(inputs.Risk.Level).Approvals is { RequiresAny: true } approvals)
            {
                Console.Out.WriteLine($"  not checked: approvals ({string.Join(", ", approvals.Roles)}; {approvals.DistinctPeople} different people) - pass --trust <trust.yaml> to judge them");
            }
            return result.Passed ? ExitCodes.Passed : ExitCodes.Failed;
        }));
        return command;
    }

    private static int GateWithApprovals(string path, GatePolicy rules, TrustFile trust, string? output)
    {
        if (IntactArtefact.Check(path, "judged") is not { } subject)
        {
            return ExitCodes.Failed;
        }
        var verdict = ReleaseGate.Evaluate(path, subject, rules, trust, DateTimeOffset.UtcNow);
        if (output is not null)
        {
            EvidenceDocument.Write(output, ReleaseGate.ToJson(verdict));
        }
        var inputs = verdict.Evidence.Inputs;
        Console.Out.WriteLine($"gate: {inputs.Name} {inputs.Version}, risk level {RiskWords.Of(inputs.Risk.Level)} (EU AI Act: {RiskWords.Of(inputs.Risk.EuAiActCategory)}), " +
            $"policy {rules.Source}, trust {Path.GetFileName(trust.Path)}: {(verdict.Released ? "PASSED" : "FAILED")} " +
            $"({verdict.Requirements.Count - verdict.Unmet.Count} of {verdict.Requirements.Count} requirements met)");
        foreach (var unmet in verdict.Unmet)
        {
            Console.Out.WriteLine($"  unmet: {unmet.Description}: {unmet.Detail}");
        }
        foreach (var ignored in verdict.Approvals.Ignored)
        {
            Console.Out.WriteLine($"  ignored: {ignored}");
        }
        return verdict.Released ? ExitCodes.Passed : ExitCodes.Failed;
    }
}
