using System.CommandLine;
using MlOps.Cli.Shell;
using MlOps.Governance.Artefacts;
using MlOps.Release.Dossier;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops dossier &lt;artefact.mlpkg&gt; --out dossier.html`: the EU AI Act technical documentation (Annex IV) of a
/// verified artefact. Exit 0 written (gaps are listed, not a failure), 1 tampered, 2 bad input.
/// </summary>
public static class DossierCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("artefact") { Description = "The .mlpkg artefact to document." };
        var output = new Option<string>("--out")
        {
            Description = "The dossier to write: Markdown for a .md file, HTML (one self-contained page) otherwise.",
            HelpName = "file",
            Required = true,
        };
        var command = new Command("dossier", "Write the EU AI Act technical documentation (Annex IV) of a verified artefact, naming every gap.");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.SetAction(parse => CommandGuard.Run(parse, () => Run(parse.GetValue(file)!, parse.GetValue(output)!)));
        return command;
    }

    private static int Run(string path, string outPath)
    {
        // Before the work: the dossier must not replace the artefact it documents.
        OutputFolder.Require(outPath, path, Sidecar.PathFor(path));
        var verification = MlPackageVerifier.Verify(path);
        if (!verification.Intact)
        {
            Console.Out.WriteLine($"TAMPERED: {Path.GetFileName(path)}: {verification.Differences.Count} difference(s)");
            foreach (var difference in verification.Differences)
            {
                Console.Out.WriteLine($"  {difference}");
            }
            Console.Error.WriteLine($"error: {path}: the artefact is not intact, so it cannot be documented. Fix: obtain an intact copy or rebuild it.");
            return ExitCodes.Failed;
        }
        // Signatures come from the attestation bundle once `mlops dossier` verifies it against a trust file;
        // until then the dossier reports the signed approvals as missing.
        IReadOnlyList<DossierSignature> signatures = [];
        var dossier = DossierBuilder.Build(DossierSource.FromArtefact(path), signatures);
        DossierFile.Write(outPath, dossier);
        var gaps = dossier.Gaps;
        Console.Out.WriteLine($"dossier: {dossier.Name} {dossier.Version}: {outPath} ({AnnexIvPoint.All.Count} Annex IV sections, {gaps.Count} gap(s))");
        foreach (var gap in gaps)
        {
            Console.Out.WriteLine($"  {gap.Point}: {gap.Message}");
        }
        return ExitCodes.Passed;
    }
}
