using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Integration;

/// <summary>
/// Every kind of bad input, each in its own MlModel item of one project, built once with `dotnet
/// build`: each item gives exactly its own MLOPS1xx error naming its file (line and column where the
/// problem has one), and no artefact or temp file is left for any of them.
/// </summary>
[Collection(PackedMlOpsBuildCollection.Name)]
public sealed class BadInputTests(PackedMlOpsBuild package)
{
    [Fact]
    public void Each_bad_input_is_exactly_its_MLOPS_error_with_file_and_position_and_leaves_no_artefact()
    {
        var project = new ModelProject(package, "BadModels");
        var good = TestModels.CreditRisk();
        project.WriteBytes("model/good.onnx", good);
        project.WriteText("model/not-onnx.onnx", "name,score\nthis is a CSV file, not an ONNX model\n");
        project.WriteBytes("model/truncated.onnx", good[..(good.Length / 2)]);
        project.WriteText("cards/good.md", TestCards.LowRisk(name: null));
        project.WriteText("cards/broken-yaml.md", TestCards.InvalidYaml);
        project.WriteText("cards/no-owners.md", TestCards.MissingOwners);
        project.WriteText("cards/bad-risk.md", TestCards.UnknownRiskWord);
        project.WriteText("data/train.csv", "a,b,c,label\n1,2,3,0\n");
        project.WriteClassLibrary("""
            <MlModel Include="model/absent.onnx" Name="missing-model" Card="cards/good.md" />
            <MlModel Include="model/not-onnx.onnx" Card="cards/good.md" />
            <MlModel Include="model/truncated.onnx" Card="cards/good.md" />
            <MlModel Include="model/good.onnx" Name="card-missing" Card="cards/absent.md" />
            <MlModel Include="model/good.onnx" Name="broken-yaml" Card="cards/broken-yaml.md" />
            <MlModel Include="model/good.onnx" Name="no-owners" Card="cards/no-owners.md" />
            <MlModel Include="model/good.onnx" Name="bad-risk" Card="cards/bad-risk.md" />
            <MlModel Include="model/good.onnx" Name="bad-version" Version="1.0" Card="cards/good.md" />
            <MlModel Include="model/good.onnx" Name="data-missing" Card="cards/good.md" TrainingData="data/train.csv;data/absent.csv" />
            <MlModel Include="model/good.onnx" Name="no-card" />
            """);

        var build = project.Build();

        Assert.False(build.Succeeded, build.ToString());
        var expected = new (string File, string Code, int Line, int Column)[]
        {
            (project.PathOf("model/absent.onnx"), "MLOPS101", 0, 0),
            (project.PathOf("model/not-onnx.onnx"), "MLOPS102", 0, 0),
            (project.PathOf("model/truncated.onnx"), "MLOPS103", 0, 0),
            (project.PathOf("cards/absent.md"), "MLOPS104", 0, 0),
            (project.PathOf("cards/broken-yaml.md"), "MLOPS105", 4, 19),
            (project.PathOf("cards/no-owners.md"), "MLOPS106", 1, 1),
            (project.PathOf("cards/bad-risk.md"), "MLOPS107", 9, 13),
            (project.ProjectFile, "MLOPS108", 0, 0),
            (project.PathOf("data/absent.csv"), "MLOPS109", 0, 0),
            (project.ProjectFile, "MLOPS120", 0, 0),
        };
        var errors = build.Errors;
        Assert.True(errors.Count == expected.Length, build.ToString());
        foreach (var (file, code, line, column) in expected)
        {
            var error = Assert.Single(errors, e => e.Code == code);
            Assert.Equal(file, error.File);
            Assert.Equal((line, column), (error.Line, error.Column));
            Assert.Contains("Fix: ", error.Message);
        }

        Assert.Contains("owners", Assert.Single(errors, e => e.Code == "MLOPS106").Message);
        Assert.Contains("catastrophic", Assert.Single(errors, e => e.Code == "MLOPS107").Message);
        Assert.Contains("'1.0'", Assert.Single(errors, e => e.Code == "MLOPS108").Message);

        // Nothing half-written: no artefact, sidecar, card or temp file for any rejected model.
        var left = Directory.Exists(project.OutputDirectory)
            ? Directory.GetFiles(project.OutputDirectory).Select(Path.GetFileName).Where(f => !f!.StartsWith("BadModels.", StringComparison.Ordinal)).ToList()
            : [];
        Assert.True(left.Count == 0, "left behind: " + string.Join(", ", left));
    }
}
