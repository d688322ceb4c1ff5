using Microsoft.Build.Utilities;
using MlOps.Build;
using MlOps.Build.Tests.Infrastructure;
using MlOps.Cli.Tests.TestSupport;
using MlOps.Governance.Artefacts;
using MlOps.Governance.Models;

namespace MlOps.Engines.MlNet.Tests;

/// <summary>The MSBuild task packages an MlModel item that is an ML.NET model, reading its schema without ML.NET.</summary>
[Collection(CreditModelsCollection.Name)]
public sealed class MlModelItemTests(CreditModels models) : IDisposable
{
    private readonly TempDirectory _dir = new("mlops-mlnet-build-");

    [Fact]
    public void An_MlModel_item_that_is_an_MlNet_zip_becomes_an_artefact_with_model_zip()
    {
        var model = _dir.File("credit-tree.zip");
        File.Copy(models.FastTree, model);
        var card = CreditCard.Write(_dir.File("model-card.md"), "credit-tree", "A FastTree credit model.", "Credit tree");
        var item = new TaskItem(model);
        item.SetMetadata("Card", card);
        item.SetMetadata("Version", "2.0.0");
        var engine = new RecordingBuildEngine(_dir.File("Models.csproj"));
        var task = new PackageMlModels
        {
            BuildEngine = engine,
            Models = [item],
            ProjectFile = _dir.File("Models.csproj"),
            ProjectDirectory = _dir.Path,
            OutputDirectory = _dir.File("out"),
            SourceDateEpoch = "1700000000",
        };
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        var artefact = Assert.Single(task.Packages).ItemSpec;
        using var package = MlPackageReader.Open(artefact);
        Assert.Equal(ModelFormats.MlNet, package.Manifest.Model.Format);
        Assert.Equal("ML.NET", package.Manifest.Model.ProducerName);
        Assert.Equal(models.Schema.Select(c => c.Name), package.Manifest.Model.Inputs.Select(i => i.Name));
        Assert.NotNull(package.Manifest.Member(ArtefactPaths.MlNetModel));
        Assert.True(MlPackageVerifier.Verify(artefact).Intact);
    }

    /// <inheritdoc />
    public void Dispose() => _dir.Dispose();
}

