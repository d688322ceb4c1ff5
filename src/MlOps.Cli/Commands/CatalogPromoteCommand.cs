using System.CommandLine;
using MlOps.Attestations.Trust;
using MlOps.Catalog.Promotion;
using MlOps.Catalog.References;
using MlOps.Catalog.Store;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;
using MlOps.Governance.Policy;

namespace MlOps.Cli.Commands;

/// <summary>`mlops catalog promote`: move a version to staging, production or archived, signed; into production only through the gate.</summary>
public static class CatalogPromoteCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var reference = new Argument<string>("reference") { Description = "The version: name, name@1.2.0, name@<stage> or name@sha256:<digest>." };
        var to = new Option<string>("--to") { Description = "The stage to move it to.", Required = true }.AcceptOnlyFromAmong("staging", "production", "archived");
        var trust = new Option<string>("--trust")
        {
            Description = "The trust file: the promoting key must be in it; approvals are judged under it (docs/trust-file.md).",
            HelpName = "yaml",
            DefaultValueFactory = _ => "governance/trust.yaml",
        }.Sets(UserInputs.TrustFile);
        var policy = new Option<string?>("--policy") { Description = "Into production: a policy YAML file overriding the built-in defaults (docs/policy.md).", HelpName = "yaml" }.Sets(UserInputs.Policy);
        var reason = new Option<string?>("--reason") { Description = "Why, in your words (kept in the stage history and the signed promotion record).", HelpName = "text" };
        var artefact = new Option<string?>("--artefact")
        {
            Description = "Into production: the artefact file, when it is not at the location it was registered from (its digest must be the registered one).",
            HelpName = "mlpkg",
        }.Sets(UserInputs.Model);
        var command = new Command("promote", "Move a version to another stage with a trusted key; into production the gate with approvals must pass. " +
            "Exit 0 promoted, 1 refused (every unmet requirement listed), 2 bad input.");
        command.Arguments.Add(reference);
        foreach (var o in new Option[] { to, SigningOptions.Key, SigningOptions.PassphraseVariable, trust, policy, reason, artefact })
        {
            command.Options.Add(o);
        }
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var target = StageWords.TryParse(parse.GetValue(to), out var stage) ? stage : throw new InvalidOperationException("--to is validated");
            var trusted = TrustFile.Read(parse.GetValue(trust)!);
            using var key = SigningOptions.LoadKey(parse);
            CatalogPromotion.RequireTrusted(trusted, key);
            var rules = parse.GetValue(policy) is { } policyPath ? PolicyFile.Read(policyPath) : GatePolicy.BuiltIn;
            using var store = CatalogOptions.Open(parse);
            var version = ModelReference.Parse(parse.GetValue(reference)!).Resolve(store);
            var move = $"{version.Model} {version.Version} {version.Stage.Word()} -> {target.Word()}";
            if (PromotionRules.Refusal(version.Stage, target) is { } refusal)
            {
                Console.Out.WriteLine($"REFUSED: {move}: {refusal}");
                return ExitCodes.Failed;
            }
            GatedArtefact? gated = null;
            if (PromotionRules.RunsGate(target))
            {
                var path = RegisteredArtefact.Locate(version, parse.GetValue(artefact));
                if (IntactArtefact.Check(path, "promoted") is not { } subject)
                {
                    return ExitCodes.Failed;
                }
                gated = new GatedArtefact(path, subject, rules);
            }
            var before = target == Stage.Production ? store.FindInStage(version.Model, Stage.Production) : null;
            var outcome = CatalogPromotion.Promote(store, new PromotionRequest(version, target, key, trusted, parse.GetValue(reason), DateTimeOffset.UtcNow), gated);
            if (outcome.Verdict is { Released: false } verdict)
            {
                Console.Out.WriteLine($"REFUSED: {move}: {verdict.Requirements.Count - verdict.Unmet.Count} of {verdict.Requirements.Count} requirements met");
                foreach (var unmet in verdict.Unmet)
                {
                    Console.Out.WriteLine($"  unmet: {unmet.Description}: {unmet.Detail}");
                }
                foreach (var ignored in verdict.Approvals.Ignored)
                {
                    Console.Out.WriteLine($"  ignored: {ignored}");
                }
                return ExitCodes.Failed;
            }
            var change = outcome.Change!;
            Console.Out.WriteLine($"PROMOTED: {move} by {change.Actor}" + (change.AttestationSha256 is { } sha ? $" (promotion record sha256:{sha})" : ""));
            if (before is not null && before.Digest != version.Digest)
            {
                Console.Out.WriteLine($"archived: {before.Model} {before.Version} (was production)");
            }
            return ExitCodes.Passed;
        }));
        return command;
    }
}
