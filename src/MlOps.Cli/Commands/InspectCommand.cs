using System.CommandLine;
using MlOps.Cli.Shell;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MlOps.Serialization;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Lineage;
using MlOps.Governance.Models;
using MlOps.Governance.Risk;
using MlOps.Governance.Scoring;
using MlOps.Runtime.Engines;

namespace MlOps.Cli.Commands;

/// <summary>`mlops inspect &lt;artefact.mlpkg&gt; [--json]`: what is inside, as a summary or as deterministic JSON.</summary>
public static class InspectCommand
{
    /// <summary>The schema id of the --json output.</summary>
    public const string JsonSchema = "mlops.inspect/v1";

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("artefact") { Description = "The .mlpkg file to inspect." };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON (deterministic) instead of a summary." };
        var command = new Command("inspect", "Show what an .mlpkg artefact holds: identity, signature, members, risk, lineage, evidence.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(parse => CommandGuard.Run(parse, () => Run(parse.GetValue(file)!, parse.GetValue(json))));
        return command;
    }

    private static int Run(string path, bool json)
    {
        using var package = MlPackageReader.Open(path);
        Console.Out.Write(json ? ToJson(package) : Summary(package));
        return ExitCodes.Passed;
    }

    /// <summary>The --json document: file name, digest and the manifest (keys sorted), two-space indented.</summary>
    internal static string ToJson(MlPackage package)
    {
        var document = new JsonObject
        {
            ["schema"] = JsonSchema,
            ["file"] = Path.GetFileName(package.Path),
            ["digest"] = package.Digest,
            ["integrity"] = "not checked; run 'mlops verify'",
            // Re-parse the canonical bytes so the manifest keeps its sorted key order in the indented output.
            ["manifest"] = JsonNode.Parse(package.Manifest.ToCanonicalBytes()),
        };
        return CanonicalJson.IndentedString(document);
    }

    internal static string Summary(MlPackage package)
    {
        var m = package.Manifest;
        var s = new StringBuilder();
        string N(long v) => v.ToString(CultureInfo.InvariantCulture);
        s.Append(m.Name).Append(' ').Append(m.Version).Append('\n');
        s.Append("file:      ").Append(Path.GetFileName(package.Path)).Append('\n');
        s.Append("digest:    sha256:").Append(package.Digest).Append('\n');
        s.Append("model:     ").Append(m.Model.Format);
        if (m.Model.Format == ModelFormats.Onnx)
        {
            s.Append(", IR ").Append(N(m.Model.IrVersion)).Append(", opsets ").Append(string.Join(", ", m.Model.Opsets.Select(o => $"{o.Domain} {N(o.Version)}")));
        }
        if (m.Model.ProducerName.Length > 0)
        {
            s.Append(", producer ").Append($"{m.Model.ProducerName} {m.Model.ProducerVersion}".Trim());
        }
        s.Append('\n');
        s.Append("source:    sha256:").Append(m.SourceModelSha256).Append(" (as trained)\n");
        s.Append("inputs:\n");
        foreach (var i in m.Model.Inputs)
        {
            s.Append("  ").Append(i.Name).Append("  ").Append(i.ElementType).Append("  ").Append(i.ShapeText).Append('\n');
        }
        s.Append("outputs:\n");
        foreach (var o in m.Model.Outputs)
        {
            s.Append("  ").Append(o.Name).Append("  ").Append(o.ElementType).Append("  ").Append(o.ShapeText).Append('\n');
        }
        if (m.Model.Format == ModelFormats.MlNet)
        {
            // The manifest's outputs are what the build could tell without ML.NET; loaded, ML.NET says exactly.
            s.Append("outputs (as ML.NET loads the model):\n");
            var session = ScoringEngines.Open(ModelFile.FromVerifiedArtefact(package.Path, package.ReadModelBytes(), package.Digest), null);
            foreach (var o in session.Outputs)
            {
                s.Append("  ").Append(o.Name).Append("  ").Append(o.Type is null ? "unknown" : TensorSignature.From(o).ElementType)
                 .Append("  ").Append(TensorSignature.From(o).ShapeText).Append('\n');
            }
        }
        s.Append("risk:      ").Append(RiskWords.Of(m.Risk.Level)).Append(" (probability ").Append(RiskWords.Of(m.Risk.Probability))
         .Append(" × severity ").Append(RiskWords.Of(m.Risk.Severity)).Append("; EU AI Act: ").Append(RiskWords.Of(m.Risk.EuAiActCategory)).Append(")\n");
        s.Append("lineage:   commit ").Append(m.Lineage.Commit
            ?? (LineageWords.InRepositoryWithoutCommits(m.Lineage.Commit, m.Lineage.Dirty) ? LineageWords.NoCommitYet : "none (not built in a git repository)"));
        if (m.Lineage.Dirty is { } dirty)
        {
            s.Append(dirty ? " (uncommitted changes)" : " (clean)");
        }
        s.Append(", built ").Append(UtcTime.FromUnixSeconds(m.Lineage.SourceDateEpoch));
        if (LineageWords.ClockNote(m.Lineage.SourceDateEpoch, m.Lineage.Commit) is { } note)
        {
            s.Append(" (").Append(note).Append(')');
        }
        s.Append('\n');
        foreach (var (tool, version) in m.Lineage.Tools.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            s.Append("  tool ").Append(tool).Append(' ').Append(version).Append('\n');
        }
        s.Append("data:").Append(m.Data.Count == 0 ? "      none declared\n" : "\n");
        foreach (var d in m.Data)
        {
            s.Append("  ").Append(d.RoleName).Append("  ").Append(d.Path).Append("  ")
             .Append(d.Rows is { } r ? $"{N(r)} rows  " : "").Append("sha256:").Append(d.Sha256).Append('\n');
        }
        s.Append("members:\n");
        foreach (var member in m.Members)
        {
            s.Append("  ").Append(member.Path).Append("  ").Append(N(member.Size)).Append(" bytes  sha256:").Append(member.Sha256).Append('\n');
        }
        s.Append("evidence:").Append(m.Evidence.Count == 0 ? "  none\n" : "\n");
        foreach (var e in m.Evidence)
        {
            s.Append("  ").Append(e.Kind).Append("  ").Append(e.Verdict).Append("  ").Append(e.Path).Append('\n');
        }
        s.Append("integrity: not checked here; run 'mlops verify ").Append(Path.GetFileName(package.Path)).Append("'\n");
        return s.ToString();
    }
}
