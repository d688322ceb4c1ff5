using System.CommandLine;
using MlOps.Cli.Shell;
using MlOps.Attestations.Bundles;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Trust;
using MlOps.Attestations.Verification;
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
        var command = new Command("verify", "Check that an .mlpkg artefact is intact: every member, the manifest and the .sha256 sidecar; " +
            "and every attestation in <artefact>.intoto.jsonl, with --trust who signed it.");
        command.Arguments.Add(file);
        command.Options.Add(SigningOptions.Trust);
        command.SetAction(parse => CommandGuard.Run(parse, () => Run(parse.GetValue(file)!, SigningOptions.LoadTrust(parse))));
        return command;
    }

    /// <summary>A percentage on stderr for large artefacts, only on a terminal (Terminal.ShowsProgress; stdout stays clean).</summary>
    private static IProgress<long>? Progress(string path)
    {
        const long threshold = 64L << 20;
        if (!Terminal.ShowsProgress || !File.Exists(path) || new FileInfo(path).Length < threshold)
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

    private static int Run(string path, TrustFile? trust)
    {
        var progress = Progress(path);
        var bundle = AttestationBundle.PathFor(path);
        // The statements name the artefact by the SHA-256 of the whole file: the verifier hashes it on another core
        // while the members are verified, so attestations cost no second pass over a large artefact.
        var attestations = trust is not null || File.Exists(bundle);
        VerificationResult result;
        try
        {
            result = MlPackageVerifier.Verify(path, progress: progress, hashFile: attestations);
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
            return attestations ? ReportAttestations(path, bundle, new Subject(Path.GetFileName(path), result.FileSha256!), trust) : ExitCodes.Passed;
        }
        IntactArtefact.ReportTampered(path, result, "");
        return ExitCodes.Failed;
    }

    private static int ReportAttestations(string path, string bundle, Subject subject, TrustFile? trust)
    {
        var output = Console.Out;
        var lines = AttestationVerifier.Verify(bundle, subject, trust);
        output.WriteLine($"file sha256: {subject.Sha256}");
        output.WriteLine(lines.Count == 0
            ? $"attestations: none ({Path.GetFileName(bundle)} {(File.Exists(bundle) ? "is empty" : "does not exist")})"
            : $"attestations: {lines.Count} in {Path.GetFileName(bundle)}{(trust is null ? " (signatures not checked: pass --trust)" : $", checked against {Path.GetFileName(trust.Path)}")}");
        foreach (var line in lines)
        {
            var signer = line.Signer is { } p ? $", signed by {p.Display} (key {KeyId.Short(line.KeyId!)}…)"
                : line.Status == AttestationStatus.NotChecked ? $", signed by key {KeyId.Short(line.KeyId!)}…" : "";
            // Capitals for a line that fails the verification, so it stands out in a long list.
            var status = AttestationStatusWords.FailsVerification(line.Status) ? AttestationStatusWords.Of(line.Status).ToUpperInvariant() : AttestationStatusWords.Of(line.Status);
            output.WriteLine($"  line {line.Line} {line.Kind}: {status}{signer}{(line.Problem is { } why && line.Status != AttestationStatus.Unsigned ? $": {why}" : "")}");
        }
        var failing = lines.Where(l => trust is null ? l.IsTampered : AttestationStatusWords.FailsVerification(l.Status)).ToList();
        if (failing.Count == 0)
        {
            return ExitCodes.Passed;
        }
        Console.Error.WriteLine($"error: {path}: {failing.Count} attestation(s) do not verify (lines {string.Join(", ", failing.Select(f => f.Line))}). " +
            "Fix: remove nothing from the bundle (it is append-only evidence); find out who wrote those lines, and re-sign or re-approve with a trusted key.");
        return ExitCodes.Failed;
    }
}
