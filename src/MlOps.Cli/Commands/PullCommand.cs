using System.CommandLine;
using MlOps.Cli.Shell;
using MlOps.Distribution.Registry;
using MlOps.Distribution.Transfer;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops pull &lt;registry/repository:tag|@sha256:digest&gt; --out &lt;folder&gt;`: the artefact and its attestation bundle, each
/// digest checked and the artefact verified before anything lands in the folder. Exit 0 pulled, 2 anything else.
/// </summary>
public static class PullCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var source = new Argument<string>("reference") { Description = "registry/repository:tag or registry/repository@sha256:digest." };
        var output = new Option<string>("--out") { Description = "The folder the .mlpkg and its .intoto.jsonl are written to (created when missing).", HelpName = "folder", Required = true };
        var command = new Command("pull", "Pull an .mlpkg artefact and its attestations from an OCI registry; digests and the artefact are verified before " +
            "anything is written (docs/distribution.md). Exit 0 pulled, 2 registry fault, digest mismatch, tampered artefact or a different file in the way.");
        command.Arguments.Add(source);
        command.Options.Add(output);
        command.Options.Add(DistributionOptions.PlainHttp);
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var reference = RegistryReference.Parse(parse.GetValue(source)!, allowDigest: true);
            var folder = parse.GetValue(output)!;
            var result = DistributionOptions.Report(reference.ToString(), () => ArtefactPuller.PullAsync(reference, folder, DistributionOptions.ClientOptions(parse)).GetAwaiter().GetResult());
            Console.Out.WriteLine($"pulled {result.Model} from {result.Source} @{result.ManifestDigest}");
            Console.Out.WriteLine($"intact: {result.ArtefactPath}{(result.FilesAlreadyPresent > 0 ? " (files already present with the same bytes were left as they were)" : "")}");
            Console.Out.WriteLine(result.BundlePath is null
                ? "attestations: none in the registry"
                : $"attestations: {result.AttestationLines} in {result.BundlePath}{(result.ViaFallbackTag ? " (found through the referrers tag)" : "")}; check who signed them with 'mlops verify --trust'");
            return ExitCodes.Passed;
        }));
        return command;
    }
}
