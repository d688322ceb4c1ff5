using System.CommandLine;
using MlOps.Cli.Shell;
using MlOps.Attestations.Bundles;
using MlOps.Attestations.Trust;
using MlOps.Attestations.Verification;
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
        command.Options.Add(SigningOptions.Trust);
        command.SetAction(parse => CommandGuard.Run(parse, () => Run(parse.GetValue(file)!, parse.GetValue(output)!, SigningOptions.LoadTrust(parse))));
        return command;
    }

    private static int Run(string path, string outPath, TrustFile? trust)
    {
        // Before the work: the dossier must not replace the artefact it documents, its bundle or the trust file.
        OutputFolder.Require(outPath, path, Sidecar.PathFor(path), AttestationBundle.PathFor(path), trust?.Path);
        if (IntactArtefact.Check(path, "documented") is not { } subject)
        {
            return ExitCodes.Failed;
        }
        // The signatures of Annex IV 2(g): every statement in the bundle, verified against the trust file when given.
        var signatures = DossierSignatures.From(AttestationVerifier.Verify(AttestationBundle.PathFor(path), subject, trust));
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
