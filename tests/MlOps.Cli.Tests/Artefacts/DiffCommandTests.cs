using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Packaging;
using MlOps.Governance.Tests.ArtefactTests;
using MlOps.Onnx;

namespace MlOps.Cli.Tests.ArtefactCommands;

/// <summary>
/// `mlops diff`: two real artefacts built here (the champion 1.0.0 and a retrained 1.1.0 whose weights and input
/// shape changed, each with its evaluation evidence from `mlops evaluate`), compared as text and as JSON; the changes
/// evidence for inputs not yet packed and the card section it becomes; bad input exits 2.
/// </summary>
public sealed class DiffCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-cli-diff-");
    private readonly string _data;

    public DiffCommandTests()
    {
        _data = _dir.File("eval.csv");
        var rows = new StringBuilder("a,b,c,label\n");
        for (var i = 0; i < 200; i++)
        {
            double a = (i % 17) / 8.0 - 1, b = (i % 11) / 5.0 - 1, c = (i % 7) / 3.0 - 1;
            rows.Append(string.Create(CultureInfo.InvariantCulture, $"{a},{b},{c},{((a + c + (i % 5 == 0 ? 1.5 : 0)) > 0 ? 1 : 0)}\n"));
        }
        File.WriteAllText(_data, rows.ToString());
    }

    public void Dispose() => _dir.Dispose();

    // The toy scorer; the retrained one weighs feature a differently and names its batch dimension "batch".
    private static byte[] Model(float w0, string batch) => new OnnxModelBuilder()
        .Producer("test", "1")
        .Opset("", 17)
        .Input("X", OnnxDataType.Float, batch, 3)
        .Output("probability", OnnxDataType.Float, batch, 1)
        .Initializer("W", [w0, -0.25f, 1f], 3, 1)
        .Initializer("B", [0.1f], 1)
        .Node("MatMul", ["X", "W"], ["XW"])
        .Node("Add", ["XW", "B"], ["Z"])
        .Node("Sigmoid", ["Z"], ["probability"])
        .Metadata("mlops.features", "a,b,c")
        .ToBytes();

    // The inputs of one version: model, card, evaluation evidence from the real evaluate command.
    private (string Model, string Card, string Evidence) Inputs(string name, string version, float w0, string batch, string? cardChange = null)
    {
        var folder = Directory.CreateDirectory(_dir.File(name)).FullName;
        var model = Path.Combine(folder, "toy.onnx");
        File.WriteAllBytes(model, Model(w0, batch));
        var card = Path.Combine(folder, "model-card.md");
        var text = ToyEvidence.Card(version);
        File.WriteAllText(card, cardChange is null ? text : text.Replace("description: A toy scorer.", cardChange, StringComparison.Ordinal));
        var evidence = Directory.CreateDirectory(Path.Combine(folder, "evidence")).FullName;
        var evaluate = CliRunner.Run("evaluate", "--model", model, "--data", _data, "--label", "label", "--out", Path.Combine(evidence, "evaluation.json"));
        Assert.Equal(0, evaluate.ExitCode);
        return (model, card, evidence);
    }

    private string Pack((string Model, string Card, string Evidence) inputs) => MlPackageBuilder.Build(new PackageRequest
    {
        ModelPath = inputs.Model,
        CardPath = inputs.Card,
        EvidenceDirectory = inputs.Evidence,
        OutputDirectory = Path.Combine(Path.GetDirectoryName(inputs.Model)!, "out"),
        SourceDateEpoch = 1700000000,
        RepositoryRoot = _dir.Path,
    }).PackagePath;

    private (string Champion, string Challenger, (string Model, string Card, string Evidence) New) TwoArtefacts()
    {
        var champion = Pack(Inputs("champion", "1.0.0", 0.5f, "N"));
        var inputs = Inputs("challenger", "1.1.0", 2.5f, "batch", cardChange: "description: A retrained toy scorer.");
        return (champion, Pack(inputs), inputs);
    }

    private static double Accuracy(string evidenceFolder) =>
        ToyEvidence.Json(Path.Combine(evidenceFolder, "evaluation.json")).GetProperty("metrics").GetProperty("accuracy").GetDouble();

    [Fact]
    public void Two_artefacts_differ_in_version_card_input_shape_and_metrics()
    {
        var (champion, challenger, _) = TwoArtefacts();

        var result = CliRunner.Run("diff", champion, challenger);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StdErr);
        Assert.StartsWith("diff: toy 1.0.0 -> toy 1.1.0\n", result.StdOut);
        Assert.Contains("card: 2 field(s) changed\n", result.StdOut);
        Assert.Contains("  description: \"A toy scorer.\" -> \"A retrained toy scorer.\"\n", result.StdOut);
        Assert.Contains("inputs: 0 added, 0 removed, 1 changed\n  ~ X float [N, 3] -> X float [batch, 3]\n", result.StdOut);
        Assert.Contains("\n  accuracy: ", result.StdOut);
        Assert.Contains("gate: not run -> not run\n", result.StdOut);
    }

    [Fact]
    public void The_json_is_the_changes_evidence_stable_to_the_byte_with_the_metric_deltas()
    {
        var (champion, challenger, inputs) = TwoArtefacts();
        var championEvidence = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(champion)!)!, "evidence");

        var first = CliRunner.Run("diff", champion, challenger, "--json");
        var second = CliRunner.Run("diff", champion, challenger, "--json", "--out", _dir.File("changes.json"));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.StdOut, second.StdOut);
        Assert.Equal(first.StdOut, File.ReadAllText(_dir.File("changes.json")));
        using var doc = JsonDocument.Parse(first.StdOut);
        var root = doc.RootElement;
        Assert.Equal("mlops.evidence.changes/v1", root.GetProperty("schema").GetString());
        Assert.Equal("info", root.GetProperty("verdict").GetString());
        Assert.True(root.GetProperty("version").GetProperty("changed").GetBoolean());
        var changed = root.GetProperty("inputs").GetProperty("changed")[0];
        Assert.Equal("X", changed.GetProperty("name").GetString());
        Assert.Equal("[N, 3]", changed.GetProperty("old").GetProperty("shape").GetString());
        Assert.Equal("[batch, 3]", changed.GetProperty("new").GetProperty("shape").GetString());
        var accuracy = root.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "accuracy");
        double old = Accuracy(championEvidence), now = Accuracy(inputs.Evidence);
        Assert.NotEqual(old, now);
        Assert.Equal(old, accuracy.GetProperty("old").GetDouble());
        Assert.Equal(now, accuracy.GetProperty("new").GetDouble());
        Assert.Equal(now - old, accuracy.GetProperty("delta").GetDouble(), 12);
        Assert.Equal(["description", "version"], root.GetProperty("card").EnumerateArray().Select(c => c.GetProperty("field").GetString()));
    }

    [Fact]
    public void Inputs_not_packed_yet_give_the_changes_evidence_that_the_card_shows_in_its_decision_part()
    {
        var champion = Pack(Inputs("champion", "1.0.0", 0.5f, "N"));
        var inputs = Inputs("challenger", "1.1.0", 2.5f, "batch");
        var changes = Path.Combine(inputs.Evidence, "changes.json");

        var result = CliRunner.Run("diff", champion, inputs.Evidence, "--card", inputs.Card, "--model", inputs.Model, "--out", changes);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("diff: toy 1.0.0 -> toy 1.1.0 (inputs not packed yet)\n", result.StdOut);
        var card = File.ReadAllText(MlPackageBuilder.Build(new PackageRequest
        {
            ModelPath = inputs.Model,
            CardPath = inputs.Card,
            EvidenceDirectory = inputs.Evidence,
            OutputDirectory = _dir.File("packed"),
            SourceDateEpoch = 1700000000,
            RepositoryRoot = _dir.Path,
        }).CardMarkdownPath);
        var section = card.IndexOf("#### Changes since toy 1.0.0", StringComparison.Ordinal);
        Assert.True(section > 0);
        Assert.True(section < card.IndexOf("## Intended use", StringComparison.Ordinal), "the changes are in the decision part");
        Assert.Contains(@"| **input X** | **changed** | **float \[N, 3\]** | **float \[batch, 3\]** |", card);
        // Diffing again over the folder that now holds changes.json compares the same evidence: the file is not an input of itself.
        var again = CliRunner.Run("diff", champion, inputs.Evidence, "--card", inputs.Card, "--model", inputs.Model, "--json");
        Assert.Equal(File.ReadAllText(changes), again.StdOut);
    }

    [Fact]
    public void A_file_that_is_not_an_artefact_exits_2()
    {
        var champion = Pack(Inputs("champion", "1.0.0", 0.5f, "N"));
        var notAnArtefact = _dir.File("notes.mlpkg");
        File.WriteAllText(notAnArtefact, "not a zip");

        var result = CliRunner.Run("diff", champion, notAnArtefact);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.StdErr);
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public void A_damaged_artefact_exits_2_with_its_differences_and_no_diff()
    {
        var champion = Pack(Inputs("champion", "1.0.0", 0.5f, "N"));
        var members = ArtefactRepack.Members(champion);
        members.RemoveAll(m => m.Path == "card/model-card.html");
        var digest = MlPackageReader.Open(champion).Digest;
        File.WriteAllBytes(champion, DeterministicZipWriter.ToBytes(members, 1700000000, ArtefactPaths.Comment(digest)));
        var output = _dir.File("changes.json");

        var result = CliRunner.Run("diff", champion, champion, "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("TAMPERED", result.StdOut);
        Assert.Contains("member removed: card/model-card.html", result.StdOut);
        Assert.Contains("not intact, so it was not compared", result.StdErr);
        Assert.DoesNotContain("diff:", result.StdOut);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_folder_without_its_card_and_model_and_a_folder_as_the_champion_exit_2()
    {
        var champion = Pack(Inputs("champion", "1.0.0", 0.5f, "N"));
        var inputs = Inputs("challenger", "1.1.0", 2.5f, "batch");

        var noCard = CliRunner.Run("diff", champion, inputs.Evidence);
        Assert.Equal(2, noCard.ExitCode);
        Assert.Contains("--card", noCard.StdErr);

        var folderFirst = CliRunner.Run("diff", inputs.Evidence, champion);
        Assert.Equal(2, folderFirst.ExitCode);
        Assert.Contains("the earlier side of a diff is a built artefact", folderFirst.StdErr);
    }
}
