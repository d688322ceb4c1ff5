using System.Globalization;
using MlOps.Onnx;
using MlOps.Governance.Packaging;
using MlOps.Governance.Scoring;

namespace MlOps.Governance.Tests.Scoring;

public sealed class CsvScorerTests : IDisposable
{
    private const string Ml = "ai.onnx.ml";
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-score-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private string Model(string name, OnnxModelBuilder builder)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllBytes(path, builder.ToBytes());
        return path;
    }

    /// <summary>y = 2a - b + 0.5 over a single [N,2] input, optionally naming its columns in metadata.</summary>
    private string LinearModel(string? features = null)
    {
        var builder = new OnnxModelBuilder()
            .Input("X", OnnxDataType.Float, "N", 2)
            .Output("y", OnnxDataType.Float, "N", 1)
            .Node("LinearRegressor", ["X"], ["y"], [OnnxAttribute.Of("coefficients", new[] { 2f, -1f }), OnnxAttribute.Of("intercepts", new[] { 0.5f })], domain: Ml);
        if (features is not null)
        {
            builder.Metadata(InputBinding.FeaturesMetadataKey, features);
        }
        return Model("linear.onnx", builder);
    }

    [Fact]
    public void Single_matrix_input_takes_all_columns_in_file_order()
    {
        var output = Path.Combine(_folder, "out.csv");
        var summary = CsvScorer.Score(LinearModel(), File("data.csv", "a,b\n1,2\n3,0.25\n"), output);
        Assert.Equal(2, summary.Rows);
        Assert.Equal("y\n0.5\n6.25\n", System.IO.File.ReadAllText(output));
    }

    [Fact]
    public void Metadata_names_the_feature_columns_in_model_order()
    {
        var output = Path.Combine(_folder, "out.csv");
        CsvScorer.Score(LinearModel("b,a"), File("data.csv", "id,a,b\n7,1,2\n"), output);
        // a=2 (column b), b=1 (column a): 2*2 - 1 + 0.5
        Assert.Equal("y\n3.5\n", System.IO.File.ReadAllText(output));
    }

    [Fact]
    public void One_column_per_input_by_name_with_label_and_zipmap_columns()
    {
        var model = Model("classifier.onnx", new OnnxModelBuilder()
            .Input("age", OnnxDataType.Float, "N", 1)
            .Input("income", OnnxDataType.Float, "N", 1)
            .Output("label", OnnxDataType.Int64, "N")
            .Output("output_probability", OnnxTypeInfo.SequenceOfMaps(OnnxDataType.Int64))
            .Node("Concat", ["age", "income"], ["X"], [OnnxAttribute.Of("axis", 1L)])
            .Node("LinearClassifier", ["X"], ["label", "probabilities"],
                [OnnxAttribute.Of("coefficients", new[] { -1f, -0.5f, 1f, 0.5f }), OnnxAttribute.Of("intercepts", new[] { 0f, 0f }),
                 OnnxAttribute.Of("classlabels_ints", new long[] { 0, 1 }), OnnxAttribute.Of("post_transform", "LOGISTIC")], domain: Ml)
            .Node("ZipMap", ["probabilities"], ["output_probability"], [OnnxAttribute.Of("classlabels_int64s", new long[] { 0, 1 })], domain: Ml));
        var output = Path.Combine(_folder, "out.csv");
        var summary = CsvScorer.Score(model, File("data.csv", "income,name,age\n2,\"x, y\",1\n-4,z,0\n"), output);
        var lines = System.IO.File.ReadAllLines(output);
        Assert.Equal("label,output_probability[0],output_probability[1]", lines[0]);
        Assert.StartsWith("1,", lines[1]);
        Assert.StartsWith("0,", lines[2]);
        var p1 = double.Parse(lines[1].Split(',')[2], CultureInfo.InvariantCulture);
        Assert.Equal(1 / (1 + Math.Exp(-2)), p1, 6);
        Assert.Contains("one column per input", summary.Binding);
    }

    [Fact]
    public void Matrix_outputs_get_indexed_columns_and_numbers_round_trip()
    {
        var model = Model("mat.onnx", new OnnxModelBuilder()
            .Input("X", OnnxDataType.Float, "N", 2)
            .Output("Y", OnnxDataType.Float, "N", 2)
            .Initializer("k", new[] { 0.1f, 3f }, 2)
            .Node("Mul", ["X", "k"], ["Y"]));
        var output = Path.Combine(_folder, "out.csv");
        CsvScorer.Score(model, File("data.csv", "a,b\n1,1\n"), output);
        var lines = System.IO.File.ReadAllLines(output);
        Assert.Equal("Y[0],Y[1]", lines[0]);
        Assert.Equal(0.1f, float.Parse(lines[1].Split(',')[0], CultureInfo.InvariantCulture));
        Assert.Equal("0.1,3", lines[1]);
    }

    [Fact]
    public void Streams_in_batches_with_identical_results()
    {
        var rows = Enumerable.Range(0, 1000).Select(i => $"{i * 0.37},{-i}").ToArray();
        var data = File("data.csv", "a,b\n" + string.Join("\n", rows) + "\n");
        var one = Path.Combine(_folder, "one.csv");
        var many = Path.Combine(_folder, "many.csv");
        CsvScorer.Score(LinearModel(), data, one, batchSize: 4096);
        var summary = CsvScorer.Score(LinearModel(), data, many, batchSize: 7);
        Assert.Equal(1000, summary.Rows);
        Assert.Equal(System.IO.File.ReadAllBytes(one), System.IO.File.ReadAllBytes(many));
    }

    [Fact]
    public void Header_only_file_writes_the_output_header()
    {
        var output = Path.Combine(_folder, "out.csv");
        var summary = CsvScorer.Score(LinearModel(), File("data.csv", "a,b\n"), output);
        Assert.Equal(0, summary.Rows);
        Assert.Equal("y\n", System.IO.File.ReadAllText(output));
    }

    [Fact]
    public void Non_number_fails_naming_line_and_column_and_leaves_no_output()
    {
        var output = Path.Combine(_folder, "out.csv");
        System.IO.File.WriteAllText(output, "previous results\n");
        var data = File("data.csv", "a,b\n1,2\n3,abc\n");
        var error = Assert.Throws<MlOpsException>(() => CsvScorer.Score(LinearModel(), data, output, batchSize: 1));
        Assert.Equal(data, error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("'b'", error.Message);
        Assert.Equal("previous results\n", System.IO.File.ReadAllText(output));
        Assert.Equal(3, Directory.GetFiles(_folder).Length); // model, data, previous output: no temp file left
    }

    [Fact]
    public void Ragged_row_fails_naming_the_line()
    {
        var error = Assert.Throws<MlOpsException>(() => CsvScorer.Score(LinearModel(), File("data.csv", "a,b\n1,2\n3\n"), Path.Combine(_folder, "out.csv")));
        Assert.Equal(3, error.Line);
        Assert.False(System.IO.File.Exists(Path.Combine(_folder, "out.csv")));
    }

    [Fact]
    public void Wrong_column_set_lists_what_is_missing_and_what_is_there()
    {
        var wrongCount = Assert.Throws<MlOpsException>(() => CsvScorer.Score(LinearModel(), File("data.csv", "a,b,c\n1,2,3\n"), Path.Combine(_folder, "out.csv")));
        Assert.Contains("takes 2 features", wrongCount.Message);
        Assert.Contains("'c'", wrongCount.Message);
        var missingNamed = Assert.Throws<MlOpsException>(() => CsvScorer.Score(LinearModel("a,b"), File("data2.csv", "a,c\n1,2\n"), Path.Combine(_folder, "out.csv")));
        Assert.Contains("'b'", missingNamed.Message);
        Assert.Contains("Available columns: 'a', 'c'", missingNamed.Message);
    }

    [Fact]
    public void Scores_the_model_inside_an_mlpkg_exactly_like_the_onnx_file()
    {
        using var inputs = new TestSupport.SampleInputs();
        var package = Packaging.MlPackageBuilder.Build(inputs.Request()).PackagePath;
        var data = File("data.csv", "age,income,sex\n25,1000,1\n40,3000,0\n");
        var fromPackage = Path.Combine(_folder, "package.csv");
        var fromOnnx = Path.Combine(_folder, "onnx.csv");
        CsvScorer.Score(package, data, fromPackage);
        CsvScorer.Score(inputs.ModelPath, data, fromOnnx);
        Assert.Equal(System.IO.File.ReadAllText(fromOnnx), System.IO.File.ReadAllText(fromPackage));
        Assert.Equal(3, System.IO.File.ReadAllLines(fromPackage).Length);
    }
}
