using System.CommandLine;
using System.Text;
using System.Text.Json;
using MlOps.Cli.Shell;
using MlOps.Diagnostics;
using MlOps.Governance.Changes;
using MlOps.Governance.Evidence;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops diff &lt;old.mlpkg&gt; &lt;new.mlpkg | evidence folder&gt;`: what changed between two artefacts (card fields,
/// inputs and outputs, metrics, fairness, drift, gate, evidence kinds, version). The new side may be the inputs about
/// to be packed (the evidence folder with --card and --model): --out then writes the <c>changes</c> evidence the card
/// shows. Exit 0 (a diff is information, whatever it says), 2 on bad input (not an artefact, a damaged one).
/// </summary>
public static class DiffCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var old = new Argument<string>("old") { Description = "The earlier artefact (.mlpkg), e.g. the champion in production." };
        var current = new Argument<string>("new") { Description = "The later artefact (.mlpkg), or the evidence folder about to be packed (with --card and --model)." };
        var json = new Option<bool>("--json") { Description = "Print the comparison as JSON (the changes evidence document, mlops.evidence.changes/v1) instead of text." };
        var card = new Option<string?>("--card") { Description = "Folder mode: the card source the new artefact will be built with.", HelpName = "file" }.Sets(UserInputs.Card);
        var model = new Option<string?>("--model") { Description = "Folder mode: the model the new artefact will pack.", HelpName = "file" }.Sets(UserInputs.Model);
        var version = new Option<string?>("--version")
        {
            Description = "Folder mode: the new model's SemVer 2 version, as the build will stamp it (the project's <Version>); default the card's 'version:'.",
            HelpName = "semver",
        }.Sets(UserInputs.Version);
        var output = new Option<string?>("--out") { Description = "Also write the comparison as the changes evidence (evidence/changes.json) here.", HelpName = "json" };
        var command = new Command("diff", "Show what changed between two artefacts, or between an artefact and the inputs about to be packed: exit 0, 2 bad input.");
        command.Arguments.Add(old);
        command.Arguments.Add(current);
        foreach (var o in new Option[] { json, card, model, version, output })
        {
            command.Options.Add(o);
        }
        command.Validators.Add(result =>
        {
            if (result.GetValue(current) is not { } path)
            {
                return;
            }
            var folder = Directory.Exists(path);
            if (folder && (result.GetValue(card) is null || result.GetValue(model) is null))
            {
                result.AddError($"{path}: an evidence folder is the inputs of an artefact not built yet; name its card and model. Fix: Add --card <model-card.md> and --model <model file>.");
            }
            if (!folder && File.Exists(path) && (result.GetValue(card) is not null || result.GetValue(model) is not null || result.GetValue(version) is not null))
            {
                result.AddError($"{path}: --card, --model and --version apply to an evidence folder; an artefact carries its own. Fix: Drop them when comparing two .mlpkg files.");
            }
        });
        command.SetAction(parse => CommandGuard.Run(parse, () =>
        {
            var oldPath = parse.GetValue(old)!;
            var newPath = parse.GetValue(current)!;
            if (parse.GetValue(output) is { } outCheck)
            {
                OutputFolder.Require(outCheck, oldPath, parse.GetValue(card), parse.GetValue(model), Directory.Exists(newPath) ? null : newPath);
            }
            if (Directory.Exists(oldPath))
            {
                throw new MlOpsException($"'{oldPath}' is a folder; the earlier side of a diff is a built artefact.", oldPath,
                    fix: "Pass the earlier model's .mlpkg (the champion) first, and the folder of the new inputs second.");
            }
            var oldSide = Side(oldPath, parse);
            if (oldSide is null)
            {
                return ExitCodes.BadInput;
            }
            var newSide = Directory.Exists(newPath)
                ? ChangeSide.FromInputs(newPath, parse.GetValue(card)!, parse.GetValue(model)!, parse.GetValue(version))
                : Side(newPath, parse);
            if (newSide is null)
            {
                return ExitCodes.BadInput;
            }
            var document = ChangesDocument.Compare(oldSide, newSide);
            var bytes = EvidenceDocument.ToBytes(document);
            if (parse.GetValue(output) is { } outPath)
            {
                MlOps.IO.AtomicFile.Write(outPath, bytes);
            }
            if (parse.GetValue(json))
            {
                Console.Out.Write(Encoding.UTF8.GetString(bytes));
            }
            else
            {
                using var parsed = JsonDocument.Parse(bytes);
                Console.Out.Write(ChangesText.Write(parsed.RootElement));
            }
            return ExitCodes.Passed;
        }));
        return command;
    }

    // An artefact is verified whole before it is compared: a damaged one is bad input (exit 2), its differences listed.
    private static ChangeSide? Side(string path, ParseResult parse)
    {
        if (!File.Exists(path))
        {
            throw new MlOpsException($"'{path}' does not exist.", path, fix: "Pass an .mlpkg artefact (or, for the new side, the evidence folder about to be packed).");
        }
        var verification = MlOps.Governance.Artefacts.MlPackageVerifier.Verify(path);
        if (!verification.Intact)
        {
            IntactArtefact.ReportTampered(path, verification, ", so it was not compared");
            return null;
        }
        return ChangeSide.FromArtefact(path);
    }
}
