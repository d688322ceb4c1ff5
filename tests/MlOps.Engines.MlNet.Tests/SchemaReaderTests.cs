using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Governance.Models;

namespace MlOps.Engines.MlNet.Tests;

/// <summary>What the build reads of an ML.NET model without ML.NET equals what ML.NET itself reads.</summary>
[Collection(CreditModelsCollection.Name)]
public sealed class SchemaReaderTests(CreditModels models)
{
    [Fact]
    public void The_input_schema_read_without_MlNet_is_MlNets_own_for_every_trained_model()
    {
        foreach (var path in models.All)
        {
            var read = MlNetModel.Read(File.ReadAllBytes(path), path);
            models.Context.Model.Load(path, out var schema);
            Assert.Equal(Visible(schema), read.Inputs.Select(c => (c.Name, c.TypeText)).ToList());
            Assert.StartsWith("6.0.0", read.MlNetVersion, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_column_type_is_read_vectors_with_their_sizes_and_keys_with_their_counts()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable([new Types()]);
        var keyed = ml.Transforms.Conversion.MapValueToKey("key", "text").Fit(data).Transform(data);
        var path = Path.Combine(Path.GetTempPath(), $"mlops-types-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(ml.Transforms.CopyColumns("copy", "single").Fit(keyed), keyed.Schema, path);
            var read = MlNetModel.Read(File.ReadAllBytes(path), path);
            ml.Model.Load(path, out var schema);
            Assert.Equal(Visible(schema), read.Inputs.Select(c => (c.Name, c.TypeText)).ToList());
            var byName = read.Inputs.ToDictionary(c => c.Name);
            Assert.Equal([4], byName["vector"].Dimensions!);
            Assert.Equal(1UL, byName["key"].KeyCount);
            Assert.Equal(["float", "double", "int32", "int64", "bool", "string", "float", "mlnet(DateTime)", "key(uint32, 1)"],
                read.Inputs.Select(c => c.ElementType));
            Assert.Equal([null, 4L], read.Inputs.Single(c => c.Name == "vector").ToSignature().Shape!);
            Assert.False(byName["when"].IsScorable);
            Assert.False(byName["key"].IsScorable);
            Assert.True(byName["vector"].IsScorable);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_outputs_told_without_MlNet_are_named_as_MlNet_names_them()
    {
        Assert.Equal("binary Score Probability PredictedLabel", Outputs(models.Sdca));
        Assert.Equal("binary Score Probability PredictedLabel", Outputs(models.FastTree));
        Assert.Equal("regression Score", Outputs(models.Regression));
        Assert.Equal("multiclass Score PredictedLabel", Outputs(models.Multiclass));
        foreach (var path in models.All)
        {
            var schema = models.Predict(path).Schema;
            foreach (var output in MlNetModel.Read(File.ReadAllBytes(path), path).Outputs)
            {
                Assert.NotNull(schema.GetColumnOrNull(output.Name));
            }
        }
    }

    [Fact]
    public void A_zip_that_is_no_MlNet_model_is_refused_naming_what_it_lacks()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry("notes.txt").Open());
            writer.Write("not a model");
        }
        var e = Assert.Throws<MlOpsException>(() => MlNetModel.Read(zip.ToArray(), "notes.zip"));
        Assert.Equal("MLOPS147", e.Diagnostic!.Id);
        Assert.Contains("notes.zip", e.Message, StringComparison.Ordinal);
        Assert.Contains("TransformerChain/Model.key", e.Message, StringComparison.Ordinal);
        Assert.False(MlNetModel.Recognises(zip.ToArray()));
    }

    private static List<(string, string)> Visible(DataViewSchema schema) =>
        schema.Where(c => !c.IsHidden).Select(c => (c.Name, c.Type.ToString() ?? "")).ToList();

    private static string Outputs(string path)
    {
        var read = MlNetModel.Read(File.ReadAllBytes(path), path);
        return string.Join(' ', read.Outputs.Select(o => o.Name).Prepend(read.Task));
    }

    private sealed class Types
    {
        public float single { get; set; } = 1;
        public double @double { get; set; } = 2;
        public int int32 { get; set; } = 3;
        public long int64 { get; set; } = 4;
        public bool boolean { get; set; } = true;
        public string text { get; set; } = "a";
        [VectorType(4)]
        public float[] vector { get; set; } = [1, 2, 3, 4];
        public DateTime when { get; set; } = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    }
}
