using System.Text.Json.Nodes;
using System.Xml.Linq;
using MlOps.Governance.Cards.Evidence;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.Tests.Rendering;

/// <summary>The training section renders the hyperparameters and pipeline a trainer recorded, and survives a sparse record.</summary>
public class TrainingEvidenceRendererTests
{
    private static EvidenceFile AsEvidence(JsonObject json) => EvidenceFile.Parse(EvidenceDocument.ToBytes(json), "training.json");

    private static XElement ParseFragment(string html) => XElement.Parse("<div>" + html.Replace("&nbsp;", "&#160;") + "</div>");

    [Fact]
    public void Section_shows_trainer_seed_data_every_option_and_every_step()
    {
        var json = EvidenceDocument.Create(EvidenceKinds.Training, new string('a', 64), EvidenceVerdicts.Info);
        json["trainer"] = new JsonObject
        {
            ["name"] = "FastTree",
            ["library"] = "Microsoft.ML",
            ["libraryVersion"] = "6.0.0",
            ["options"] = new JsonObject { ["numberOfTrees"] = 100, ["learningRate"] = 0.2, ["shuffle"] = false, ["label"] = "<Label>" },
        };
        json["seed"] = 42;
        json["pipeline"] = new JsonArray(new JsonObject
        {
            ["step"] = "OneHotEncoding",
            ["columns"] = new JsonArray("purpose", "housing"),
            ["settings"] = new JsonObject { ["outputKind"] = "Indicator" },
        });
        json["data"] = EvidenceDocument.DataReference("credit.csv", new string('b', 64), 1000);
        json["export"] = new JsonObject { ["converter"] = "Microsoft.ML.OnnxConverter", ["converterVersion"] = "0.24.0", ["outputs"] = new JsonArray("Score.output") };

        var section = new TrainingEvidenceRenderer().Render(AsEvidence(json));

        ParseFragment(section.Html);
        Assert.Contains($"Trained by FastTree (Microsoft.ML 6.0.0) with seed 42 on 1,000 rows of credit.csv (sha256 {new string('b', 64)}).", section.Html);
        Assert.Contains("<caption>Hyperparameters</caption>", section.Html);
        Assert.Contains("<th scope=\"row\">numberOfTrees</th><td>100</td>", section.Html);
        Assert.Contains("<th scope=\"row\">learningRate</th><td>0.2</td>", section.Html);
        Assert.Contains("<th scope=\"row\">shuffle</th><td>false</td>", section.Html);
        Assert.Contains("<th scope=\"row\">label</th><td>&lt;Label&gt;</td>", section.Html);
        Assert.Contains("<td>OneHotEncoding</td><td>purpose, housing</td><td>outputKind Indicator</td>", section.Html);
        Assert.Contains("| numberOfTrees | 100 |", section.Markdown);
        Assert.Contains("Exported to ONNX by Microsoft.ML.OnnxConverter 0.24.0; outputs: Score.output.", section.Html);
    }

    [Fact]
    public void A_record_with_only_the_header_renders_with_n_a_instead_of_failing()
    {
        var json = EvidenceDocument.Create(EvidenceKinds.Training, null, EvidenceVerdicts.Info);

        var section = new TrainingEvidenceRenderer().Render(AsEvidence(json));

        ParseFragment(section.Html);
        Assert.Contains("Trained by n/a with seed n/a on n/a rows of n/a", section.Html);
        Assert.Contains("(none recorded)", section.Html);
        Assert.DoesNotContain("<caption>Pipeline</caption>", section.Html);
    }

    [Fact]
    public void Registry_resolves_the_training_renderer_and_the_kind_is_in_the_contract()
    {
        Assert.IsType<TrainingEvidenceRenderer>(EvidenceSectionRegistry.Default.Resolve("training"));
        Assert.Contains("training", EvidenceKinds.All);
        Assert.Equal("mlops.evidence.training/v1", EvidenceKinds.SchemaOf(EvidenceKinds.Training));
    }
}
