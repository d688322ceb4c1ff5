using System.CommandLine;
using MlOps.Cli.Shell;
using MlOps.Distribution.Registry;
using MlOps.Distribution.Transfer;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops push &lt;artefact.mlpkg&gt; &lt;registry/repository:tag&gt;`: the verified artefact and its attestation bundle to an OCI
/// registry. Exit 0 pushed, 2 a tampered artefact, a malformed reference or a registry fault.
/// </summary>
public static class PushCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var artefact = new Argument<string>("artefact") { Description = "The .mlpkg to push; <artefact>.intoto.jsonl beside it is pushed as its referrer." };
        var target = new Argument<string>("reference") { Description = "registry/repository:tag, for example localhost:5000/models/credit-risk:1.0.0." };
        var command = new Command("push", "Verify an .mlpkg artefact and push it, with its attestations, to an OCI registry (docs/distribution.md). " +
            "Exit 0 pushed, 2 tampered artefact, bad reference or registry fault.");
        command.Arguments.Add(artefact);
        command.Arguments.Add(target);
        command.Options.Add(DistributionOptions.PlainHttp);
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var path = parse.GetValue(artefact)!;
            var reference = RegistryReference.Parse(parse.GetValue(target)!, allowDigest: false);
            var result = DistributionOptions.Report(path, () => ArtefactPusher.PushAsync(path, reference, DistributionOptions.ClientOptions(parse)).GetAwaiter().GetResult());
            Console.Out.WriteLine($"pushed {result.Model} to {result.Target} @{result.ManifestDigest}");
            Console.Out.WriteLine($"blobs: {result.BlobsUploaded} uploaded ({result.BytesUploaded} bytes), {result.BlobsSkipped} already in the registry");
            Console.Out.WriteLine(result.Attestations is { } a
                ? $"attestations: referrer {a.ManifestDigest}{(a.ViaFallbackTag ? $" (listed in tag sha256-{result.ManifestDigest["sha256:".Length..]}: the registry has no referrers API)" : "")}"
                : "attestations: none (no .intoto.jsonl beside the artefact)");
            return ExitCodes.Passed;
        }));
        return command;
    }
}
