using System.Text.Json;

namespace MlOps.Templates.Tests.Pipeline;

/// <summary>
/// The sample's data-quality evidence, and the German credit figures the template policy's thresholds rest on,
/// counted here from the split files without MlOps.
/// </summary>
[Collection(SamplePipelineCollection.Name)]
public sealed class SampleDataQualityTests(SamplePipelineFixture sample)
{
    [Fact]
    public void The_evaluation_split_passes_every_check_with_no_duplicates_leakage_or_missing_values()
    {
        var evidence = JsonDocument.Parse(File.ReadAllText(sample.EvidenceFile("data-quality"))).RootElement;
        Assert.Equal("passed", evidence.GetProperty("verdict").GetString());

        static string[][] Rows(string path) => File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToArray();
        var header = File.ReadLines(sample.Training.EvaluationPath).First().Split(',');
        var features = evidence.GetProperty("columns").EnumerateObject().Where(c => c.Value.GetProperty("role").GetString() == "input")
            .Select(c => Array.IndexOf(header, c.Name)).ToArray();
        string Key(string[] row) => string.Join('\u001f', features.Select(i => row[i]));
        var eval = Rows(sample.Training.EvaluationPath);
        var train = Rows(sample.Training.TrainPath).Select(Key).ToHashSet();

        Assert.Equal(19, features.Length);
        Assert.Equal(eval.Length, eval.Select(Key).Distinct().Count());
        Assert.DoesNotContain(eval, r => train.Contains(Key(r)));
        Assert.DoesNotContain(eval, r => r.Any(string.IsNullOrWhiteSpace));
        var checks = evidence.GetProperty("checks");
        Assert.Equal(0, checks.GetProperty("duplicateRate").GetProperty("value").GetDouble());
        Assert.Equal(0, checks.GetProperty("leakageRate").GetProperty("value").GetDouble());
        var label = Array.IndexOf(header, "credit_risk");
        var bad = eval.Count(r => r[label] == "bad") / (double)eval.Length;
        Assert.Equal(bad, checks.GetProperty("minorityClassRate").GetProperty("value").GetDouble(), 15);
    }
}
