using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Models;
using MlOps.Governance.Packaging;
using MlOps.Governance.Policy;
using MlOps.Governance.Scoring;
using MlOps.Hashing;
using MlOps.Onnx.Evaluation;
using MlOps.Runtime;

namespace MlOps.Engines.MlNet.Tests;

/// <summary>Evidence about an ML.NET model, and the model packaged as an artefact that GovernedModel scores with ML.NET.</summary>
[Collection(CreditModelsCollection.Name)]
public sealed class EvidenceAndPackagingTests(CreditModels models) : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-mlnet-pkg-");

    [Fact]
    public void Evaluate_and_fairness_score_a_binary_MlNet_model_on_its_probability()
    {
        var evaluation = _dir.File("evaluation.json");
        var run = CliRunner.Run("evaluate", "--model", models.Sdca, "--data", models.Data, "--label", "credit_risk", "--positive", "good", "--out", evaluation);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(evaluation)))
        {
            Assert.Contains(Sha256Hex.OfFile(models.Sdca), doc.RootElement.GetRawText(), StringComparison.Ordinal);
            // The confusion matrix is ML.NET's own probability of 'good' against the threshold: the Probability output was the score.
            var engine = models.Context.Model.CreatePredictionEngine<CreditRow, BinaryPrediction>(models.Context.Model.Load(models.Sdca, out _));
            var rows = CreditRow.ReadAll(models.Data);
            var predicted = rows.Select(r => engine.Predict(r).Probability >= 0.5).ToList();
            var truePositives = rows.Where((r, i) => predicted[i] && r.CreditRisk == "good").Count();
            var falsePositives = rows.Where((r, i) => predicted[i] && r.CreditRisk != "good").Count();
            var matrix = doc.RootElement.GetProperty("confusionMatrix");
            Assert.Equal(truePositives, matrix.GetProperty("truePositives").GetInt32());
            Assert.Equal(falsePositives, matrix.GetProperty("falsePositives").GetInt32());
        }
        var fairness = _dir.File("fairness.json");
        run = CliRunner.Run("fairness", "--model", models.FastTree, "--data", models.Data, "--label", "credit_risk", "--positive", "good",
            "--sensitive", "sex", "--out", fairness);
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        Assert.Contains(Sha256Hex.OfFile(models.FastTree), File.ReadAllText(fairness), StringComparison.Ordinal);
    }

    [Fact]
    public void A_packaged_MlNet_model_is_model_zip_its_schema_is_in_the_manifest_and_GovernedModel_scores_it_with_MlNet()
    {
        var result = Package(models.Sdca);
        using (var package = MlPackageReader.Open(result.PackagePath))
        {
            Assert.Equal(ModelFormats.MlNet, package.Manifest.Model.Format);
            Assert.NotNull(package.Manifest.Member(ArtefactPaths.MlNetModel));
            Assert.Null(package.Manifest.Member(ArtefactPaths.Model));
            Assert.Equal(Sha256Hex.OfFile(models.Sdca), package.Manifest.SourceModelSha256);
            Assert.Equal(models.Schema.Select(c => c.Name), package.Manifest.Model.Inputs.Select(i => i.Name));
            Assert.Equal(["Score", "Probability", "PredictedLabel"], package.Manifest.Model.Outputs.Select(o => o.Name));
            Assert.Contains("\"model/model.zip\"", System.Text.Encoding.UTF8.GetString(package.ManifestBytes), StringComparison.Ordinal);
            Assert.Contains("| `credit_amount` | double |", package.ReadCardMarkdown(), StringComparison.Ordinal);
            Assert.Contains("`Probability`", package.ReadCardMarkdown(), StringComparison.Ordinal);
        }
        Assert.True(MlPackageVerifier.Verify(result.PackagePath).Intact);
        // The gate reads the card the packaged ML.NET model carries.
        Assert.Equal("credit", GateInputs.FromArtefact(result.PackagePath).Card.Name);
        // Repackaging the packaged model keeps the source identity.
        var packaged = ModelFile.Open(result.PackagePath);
        Assert.Equal(Sha256Hex.OfFile(models.Sdca), packaged.SourceSha256);

        var governed = GovernedModel.Open(result.PackagePath);
        Assert.Equal("mlnet", governed.Engine);
        var rows = CreditRow.ReadAll(models.Data).Take(25).ToList();
        var outputs = governed.ScoreUnaudited(Inputs(rows));
        var engine = models.Context.Model.CreatePredictionEngine<CreditRow, BinaryPrediction>(models.Context.Model.Load(models.Sdca, out _));
        var probability = ((Tensor<float>)outputs["Probability"]).Data;
        var label = ((Tensor<bool>)outputs["PredictedLabel"]).Data;
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(engine.Predict(rows[i]).Probability, probability[i], 1e-6);
            Assert.Equal(engine.Predict(rows[i]).PredictedLabel, label[i]);
        }

        // The CLI scores the packaged model as it scores the bare one.
        var bare = _dir.File("bare.csv");
        var artefact = _dir.File("artefact.csv");
        Assert.Equal(0, CliRunner.Run("score", "--model", models.Sdca, "--data", models.Data, "--out", bare).ExitCode);
        Assert.Equal(0, CliRunner.Run("score", "--model", result.PackagePath, "--data", models.Data, "--out", artefact).ExitCode);
        Assert.Equal(File.ReadAllBytes(bare), File.ReadAllBytes(artefact));
    }

    [Fact]
    public void Inspect_shows_the_format_and_the_outputs_as_MlNet_loads_the_model()
    {
        var result = Package(models.Multiclass, "inspect");
        var run = CliRunner.Run("inspect", result.PackagePath);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("model:     mlnet, producer ML.NET 6.0.0", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("IR 0", run.StdOut, StringComparison.Ordinal);
        // Without ML.NET the class count is unknown ([?, ?]); loaded, ML.NET says there are four.
        Assert.Contains("  Score  float  [?, ?]", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("outputs (as ML.NET loads the model):", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("  Score  float  [?, 4]", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("  PredictedLabel  string  [?]", run.StdOut, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("verify", result.PackagePath).ExitCode);
    }

    [Fact]
    public void Packaging_an_MlNet_model_twice_gives_the_same_artefact_and_MlNet_still_loads_the_packaged_zip()
    {
        var a = Package(models.Regression, "a");
        var b = Package(models.Regression, "b");
        Assert.Equal(File.ReadAllBytes(a.PackagePath), File.ReadAllBytes(b.PackagePath));
        using var package = MlPackageReader.Open(a.PackagePath);
        var inner = package.ReadModelBytes();
        using (var zip = new ZipArchive(new MemoryStream(inner)))
        {
            Assert.NotNull(zip.GetEntry("MlOps/mlops.card"));
        }
        var loaded = new MLContext(seed: 0).Model.Load(new MemoryStream(inner), out var schema);
        Assert.NotNull(loaded);
        Assert.Equal(models.Schema.Select(c => c.Name), schema.Select(c => c.Name));
    }

    private PackageResult Package(string model, string folder = "out") => MlPackageBuilder.Build(new PackageRequest
    {
        ModelPath = model,
        CardPath = Card(),
        Version = "1.0.0",
        OutputDirectory = _dir.File(folder),
        SourceDateEpoch = 1700000000,
        RepositoryRoot = _dir.Path,
    });

    private string Card() => CreditCard.Write(_dir.File("model-card.md"), "credit", "An ML.NET credit model.", "Credit");

    private static Dictionary<string, OnnxValue> Inputs(List<CreditRow> rows)
    {
        var n = rows.Count;
        return new Dictionary<string, OnnxValue>
        {
            ["checking_status"] = Tensor.Create(rows.Select(r => r.CheckingStatus).ToArray(), n, 1),
            ["duration_months"] = Tensor.Create(rows.Select(r => r.DurationMonths).ToArray(), n, 1),
            ["purpose"] = Tensor.Create(rows.Select(r => r.Purpose).ToArray(), n, 1),
            ["credit_amount"] = Tensor.Create(rows.Select(r => r.CreditAmount).ToArray(), n, 1),
            ["savings"] = Tensor.Create(rows.Select(r => r.Savings).ToArray(), n, 1),
            ["age"] = Tensor.Create(rows.Select(r => r.Age).ToArray(), n, 1),
            ["existing_credits"] = Tensor.Create(rows.Select(r => r.ExistingCredits).ToArray(), n, 1),
            ["sex"] = Tensor.Create(rows.Select(r => r.Sex).ToArray(), n, 1),
            ["credit_risk"] = Tensor.Create(rows.Select(r => r.CreditRisk).ToArray(), n, 1),
        };
    }

    /// <inheritdoc />
    public void Dispose() => _dir.Dispose();
}
