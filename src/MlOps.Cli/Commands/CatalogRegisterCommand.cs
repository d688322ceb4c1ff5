using System.CommandLine;
using MlOps.Attestations.Keys;
using MlOps.Catalog.Registering;
using MlOps.Catalog.Store;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;
using MlOps.Governance.Artefacts;

namespace MlOps.Cli.Commands;

/// <summary>`mlops catalog register`: verify an artefact, then record it (and its bundle's attestations) in the catalog.</summary>
public static class CatalogRegisterCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var artefact = new Argument<string>("artefact") { Description = "The .mlpkg artefact (its <artefact>.intoto.jsonl bundle is registered with it when present)." };
        var key = new Option<string?>("--key")
        {
            Description = "Register in the name of this key's principal (with --trust) or key id, instead of the operating-system user.",
            HelpName = "file",
        }.Sets(UserInputs.SigningKey);
        var command = new Command("register", "Verify the artefact, then register it: exit 0 registered (or already registered: idempotent by digest), 2 tampered or bad input.");
        command.Arguments.Add(artefact);
        foreach (var o in new Option[] { key, SigningOptions.PassphraseVariable, SigningOptions.Trust })
        {
            command.Options.Add(o);
        }
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var path = parse.GetValue(artefact)!;
            var registeredBy = Environment.UserName;
            if (parse.GetValue(key) is { } keyPath)
            {
                using var signing = SigningKey.Load(keyPath, parse.GetValue(SigningOptions.PassphraseVariable)!);
                registeredBy = SigningOptions.LoadTrust(parse)?.Find(signing.Id)?.Owner.Display ?? $"key {KeyId.Short(signing.Id)}";
            }
            // Nothing enters the catalog that does not verify: the same report as `mlops verify`, and nothing stored.
            var verified = MlPackageVerifier.Verify(path, hashFile: true);
            if (!verified.Intact)
            {
                IntactArtefact.ReportTampered(path, verified, ", so it was not registered");
                return ExitCodes.BadInput;
            }
            using var store = CatalogOptions.OpenOrCreate(parse);
            var outcome = Registration.Register(store, path, verified.FileSha256!, registeredBy, DateTimeOffset.UtcNow);
            var v = outcome.Version;
            Console.Out.WriteLine(outcome.Created
                ? $"registered: {v.Model} {v.Version} (sha256:{v.Digest}) as {v.Stage.Word()}, by {v.RegisteredBy}, in {store.Location}"
                : $"already registered: {v.Model} {v.Version} (sha256:{v.Digest}), {v.Stage.Word()}, in {store.Location}");
            Console.Out.WriteLine($"attestations: {outcome.AttestationsAdded} new");
            return ExitCodes.Passed;
        }));
        return command;
    }
}
