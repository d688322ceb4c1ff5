using Microsoft.Build.Utilities;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Wording;

/// <summary>
/// The library names concepts ("the card", "the model name"); the task adds how a project sets them (MlModel
/// metadata, project properties). These pin MSBuild's wording, never a CLI option.
/// </summary>
public sealed class MsBuildWordingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlops-build-wording", Guid.NewGuid().ToString("N")[..12]);
    private readonly RecordingBuildEngine _engine;

    public MsBuildWordingTests()
    {
        Directory.CreateDirectory(_dir);
        _engine = new RecordingBuildEngine(Path.Combine(_dir, "MlOps.Build.targets"));
        File.WriteAllBytes(Path.Combine(_dir, "credit-risk.onnx"), TestModels.CreditRisk());
        File.WriteAllText(Path.Combine(_dir, "model-card.md"), TestCards.LowRisk());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Error(string card = "model-card.md", string name = "credit-risk", string version = "1.2.3", string? trainingData = null)
    {
        var item = new TaskItem(Path.Combine(_dir, "credit-risk.onnx"));
        item.SetMetadata("Name", name);
        item.SetMetadata("Version", version);
        item.SetMetadata("Card", card);
        if (trainingData is not null) item.SetMetadata("TrainingData", trainingData);
        var task = new PackageMlModels
        {
            BuildEngine = _engine,
            Models = [item],
            ProjectFile = Path.Combine(_dir, "Models.csproj"),
            ProjectDirectory = _dir,
            OutputDirectory = Path.Combine(_dir, "out"),
            SourceDateEpoch = "1700000000",
        };
        Assert.False(task.Execute());
        var message = Assert.Single(_engine.Errors).Message!;
        Assert.DoesNotContain(" --", message);
        return message;
    }

    [Fact]
    public void A_missing_card_points_at_the_items_Card_metadata() =>
        Assert.EndsWith("Fix: Create the card (see docs/model-card.md) or correct its path. In the project: set the MlModel item's Card metadata.",
            Error(card: "absent.md"));

    [Fact]
    public void A_version_that_is_not_semver_points_at_the_projects_Version_property() =>
        Assert.EndsWith("Fix: Use a version such as 1.0.0 or 2.1.0-rc.1. In the project: set the project's Version property to 1.0.0 (or the MlModel item's Version metadata).",
            Error(version: "1.0"));

    [Fact]
    public void An_invalid_name_points_at_the_items_Name_metadata() =>
        Assert.EndsWith("In the project: set the MlModel item's Name metadata to credit-risk.", Error(name: "bad name"));

    [Fact]
    public void A_missing_training_data_file_points_at_the_items_TrainingData_metadata() =>
        Assert.EndsWith("Fix: Correct the path of the data file, or create the file. In the project: set the MlModel item's TrainingData metadata.",
            Error(trainingData: "absent.csv"));
}
