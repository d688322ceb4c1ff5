using System.CommandLine;
using MlOps.Cli.Shell;
using MlOps.Governance.Artefacts;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops verify &lt;artefact.mlpkg&gt;`: every member against the manifest, the manifest against the recorded
/// digest, the file against its .sha256 sidecar. Exit 0 intact, 1 tampered (each difference named), 2 not an artefact.
/// </summary>
public static class VerifyCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("artefact") { Description = "The .mlpkg file to verify." };
        var command = new Command("verify", "Check that an .mlpkg artefact is intact: every member, the manifest and the .sha256 sidecar.");
        command.Arguments.Add(file);
        command.SetAction(parse => CommandGuard.Run(parse, () => Run(parse.GetValue(file)!)));
        return command;
    }

    /// <summary>A percentage on stderr for large artefacts, only when stderr is a terminal (stdout stays clean).</summary>
    private static IProgress<long>? Progress(string path)
    {
        const long threshold = 64L << 20;
        if (Console.IsErrorRedirected || !File.Exists(path) || new FileInfo(path).Length < threshold)
        {
            return null;
        }
        var total = new FileInfo(path).Length;
        var shown = -1;
        return new SynchronousProgress(bytes =>
        {
            var percent = (int)Math.Min(100, bytes * 100 / total);
            if (percent != shown)
            {
                shown = percent;
                Console.Error.Write($"\rverifying {percent,3}%");
            }
        });
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder output).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    private static int Run(string path)
    {
        var progress = Progress(path);
        VerificationResult result;
        try
        {
            result = MlPackageVerifier.Verify(path, progress: progress);
        }
        finally
        {
            if (progress is not null)
            {
                Console.Error.Write("\r               \r");
            }
        }
        var name = Path.GetFileName(path);
        var identity = result.Name is null ? name : $"{result.Name} {result.Version} ({name})";
        var output = Console.Out;
        if (result.Intact)
        {
            output.WriteLine($"intact: {identity}");
            output.WriteLine($"digest: sha256:{result.Digest}");
            output.WriteLine($"members: {result.MembersChecked} checked against the manifest");
            output.WriteLine(result.SidecarPath is null
                ? "sidecar: none found (only the artefact's own digests were checked)"
                : $"sidecar: {Path.GetFileName(result.SidecarPath)} matches");
            return ExitCodes.Passed;
        }
        output.WriteLine($"TAMPERED: {identity}: {result.Differences.Count} difference(s)");
        foreach (var difference in result.Differences)
        {
            output.WriteLine($"  {difference}");
        }
        Console.Error.WriteLine($"error: {path}: the artefact is not intact. Fix: obtain an intact copy or rebuild it; do not deploy this one.");
        return ExitCodes.Failed;
    }
}
