using System.Text.Json;
using MlOps.Governance.Evidence;

namespace MlOps.Templates.Tests.Pipeline;

/// <summary>
/// The figures in the sample's evidence (and so on its card) match a recomputation that shares no code with
/// MlOps: ONNX Runtime scores the evaluation split, and the rates are counted here from its labels.
/// </summary>
[Collection(SamplePipelineCollection.Name)]
public sealed class IndependentRecomputationTests(SamplePipelineFixture sample)
{
    private JsonElement Evidence(string kind) => JsonDocument.Parse(File.ReadAllText(sample.EvidenceFile(kind))).RootElement;

    [OnnxRuntimeFact]
    public void Accuracy_and_per_group_rates_match_onnx_runtime_counted_independently()
    {
        var (predicted, _) = OnnxRuntimeOracle.Score(sample.Training.ModelPath, sample.Training.EvaluationPath, sample.Out);
        var lines = File.ReadAllLines(sample.Training.EvaluationPath);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var label = Array.IndexOf(header, "credit_risk");

        var accuracy = rows.Select((r, i) => r[label] == predicted[i]).Count(x => x) / (double)rows.Length;
        Assert.Equal(accuracy, Evidence("evaluation").GetProperty("metrics").GetProperty("accuracy").GetDouble(), 12);

        var byFeature = Evidence("fairness").GetProperty("byFeature");
        foreach (var feature in new[] { "sex", "age_group" })
        {
            var column = Array.IndexOf(header, feature);
            foreach (var group in rows.Select((r, i) => (Row: r, Good: predicted[i] == "good")).GroupBy(x => x.Row[column]))
            {
                var members = group.ToList();
                var positives = members.Where(m => m.Row[label] == "good").ToList();
                var negatives = members.Where(m => m.Row[label] == "bad").ToList();
                var evidence = byFeature.GetProperty(feature).GetProperty("groups").GetProperty(group.Key);
                Assert.Equal(members.Count, evidence.GetProperty("count").GetInt32());
                Assert.Equal(members.Count(m => m.Good) / (double)members.Count, evidence.GetProperty("selectionRate").GetDouble(), 12);
                Assert.Equal(positives.Count(m => m.Good) / (double)positives.Count, evidence.GetProperty("truePositiveRate").GetDouble(), 12);
                Assert.Equal(negatives.Count(m => m.Good) / (double)negatives.Count, evidence.GetProperty("falsePositiveRate").GetDouble(), 12);
            }
        }
    }
}
