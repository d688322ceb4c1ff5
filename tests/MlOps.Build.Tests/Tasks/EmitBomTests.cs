using Microsoft.Build.Utilities;
using MlOps.Build.Tests.Infrastructure;
using MlOps.Release.Bom;

namespace MlOps.Build.Tests.Tasks;

/// <summary>
/// MlOpsEmitBom: the task writes the CycloneDX ML-BOM beside the artefact only when asked, returns it for
/// FileWrites, writes exactly what `mlops bom` writes, and removes a BOM an earlier build left when not asked.
/// </summary>
public sealed class EmitBomTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlops-build-bom", Guid.NewGuid().ToString("N")[..12]);
    private readonly RecordingBuildEngine _engine;

    public EmitBomTests()
    {
        Directory.CreateDirectory(_dir);
        _engine = new RecordingBuildEngine(Path.Combine(_dir, "MlOps.Build.targets"));
        File.WriteAllBytes(Path.Combine(_dir, "credit-risk.onnx"), TestModels.CreditRisk());
        File.WriteAllText(Path.Combine(_dir, "model-card.md"), TestCards.LowRisk());
        File.WriteAllText(Path.Combine(_dir, "train.csv"), "a,b,c,label\n1,2,3,0\n4,5,6,1\n");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Out => Path.Combine(_dir, "out");

    private string BomPath => Path.Combine(Out, "credit-risk-1.2.3.cdx.json");

    private PackageMlModels Task(bool emitBom)
    {
        var item = new TaskItem(Path.Combine(_dir, "credit-risk.onnx"));
        item.SetMetadata("Name", "credit-risk");
        item.SetMetadata("Version", "1.2.3");
        item.SetMetadata("Card", "model-card.md");
        item.SetMetadata("TrainingData", "train.csv");
        item.SetMetadata("PackagePath", Path.Combine(Out, "credit-risk-1.2.3.mlpkg"));
        return new PackageMlModels
        {
            BuildEngine = _engine,
            Models = [item],
            ProjectFile = Path.Combine(_dir, "Models.csproj"),
            ProjectDirectory = _dir,
            OutputDirectory = Out,
            SourceDateEpoch = "1700000000",
            EmitBom = emitBom,
        };
    }

    [Fact]
    public void With_EmitBom_the_BOM_is_written_beside_the_artefact_and_returned_for_FileWrites()
    {
        var task = Task(emitBom: true);

        Assert.True(task.Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));

        var package = Assert.Single(task.Packages);
        Assert.Equal(BomPath, package.GetMetadata("BomPath"));
        Assert.Contains(BomPath, task.FileWrites.Select(f => f.ItemSpec));
        // The same bytes `mlops bom` writes for this artefact.
        Assert.Equal(ModelBom.Create(package.ItemSpec).Bytes, File.ReadAllBytes(BomPath));
    }

    [Fact]
    public void Without_EmitBom_no_BOM_is_written_and_one_left_by_an_earlier_build_is_removed()
    {
        Directory.CreateDirectory(Out);
        File.WriteAllText(BomPath, "{}");

        var task = Task(emitBom: false);

        Assert.True(task.Execute(), string.Join("\n", _engine.Errors.Select(e => e.Message)));
        Assert.False(File.Exists(BomPath));
        Assert.DoesNotContain(task.FileWrites, f => f.ItemSpec.EndsWith(CycloneDx.FileSuffix, StringComparison.Ordinal));
        Assert.Equal("", Assert.Single(task.Packages).GetMetadata("BomPath"));
    }
}
