using System.CommandLine;
using MlOps.Cli.Shell;
using MlOps.Governance.Artefacts;
using MlOps.Release.Bom;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops bom &lt;artefact.mlpkg&gt; --out &lt;file.cdx.json&gt;`: the CycloneDX 1.6 ML-BOM of a verified artefact
/// (docs/bom.md). Exit 0 written, 1 tampered (each difference named, nothing written), 2 not an artefact or bad usage.
/// </summary>
public static class BomCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("artefact") { Description = "The .mlpkg artefact to describe." };
        var output = new Option<string>("--out")
        {
            Description = "Where to write the BOM (CycloneDX 1.6 JSON, e.g. credit-risk.cdx.json).",
            HelpName = "file.cdx.json",
            Required = true,
        };
        var command = new Command("bom", "Write the CycloneDX 1.6 ML-BOM of a verified .mlpkg artefact: model, model card, data sets, tools.");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.SetAction(parse => CommandGuard.Run(parse, () => Run(parse.GetValue(file)!, parse.GetValue(output)!)));
        return command;
    }

    private static int Run(string path, string outPath)
    {
        // Before the work: the BOM must not replace the artefact or its sidecar.
        OutputFolder.Require(outPath, path, Sidecar.PathFor(path));
        if (!File.Exists(path))
        {
            throw new MlOpsException($"The artefact '{path}' does not exist.", path, fix: "Pass the .mlpkg the build wrote.");
        }
        var result = ModelBom.Create(path);
        var verification = result.Verification;
        var name = Path.GetFileName(path);
        if (result.Bytes is null)
        {
            // The same report as `mlops verify`: a BOM would vouch for bytes nobody built.
            IntactArtefact.ReportTampered(path, verification, "; no BOM was written");
            return ExitCodes.Failed;
        }
        MlOps.IO.AtomicFile.Write(outPath, result.Bytes);
        Console.Out.WriteLine($"bom: {verification.Name} {verification.Version} ({name}) -> {outPath}");
        Console.Out.WriteLine($"  CycloneDX {CycloneDx.SpecVersion}: {result.MetricCount} performance metric(s), {result.DataSetCount} data set(s), artefact sha256:{result.FileSha256}");
        return ExitCodes.Passed;
    }
}
