using CreditRisk.Trainer;
using MlOps;
using MlOps.Onnx;

namespace MlOps.Templates.Tests;

public sealed class TrainerTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("mlops-trainer-");

    public void Dispose() => _temp.Delete(recursive: true);

    private TrainingResult Train(string folder, ulong seed = TrainingOptions.DefaultSeed) =>
        TrainingRun.Execute(new TrainingOptions(RepositoryPaths.GermanCredit, Path.Combine(_temp.FullName, folder), seed));

    [Fact]
    public void Same_seed_gives_the_same_onnx_bytes_and_split_files()
    {
        var first = Train("a");
        var second = Train("b");

        Assert.Equal(File.ReadAllBytes(first.ModelPath), File.ReadAllBytes(second.ModelPath));
        Assert.Equal(File.ReadAllBytes(first.TrainPath), File.ReadAllBytes(second.TrainPath));
        Assert.Equal(File.ReadAllBytes(first.EvaluationPath), File.ReadAllBytes(second.EvaluationPath));
        Assert.Equal(File.ReadAllBytes(first.RecordPath), File.ReadAllBytes(second.RecordPath));
        Assert.Equal(first.ModelSha256, second.ModelSha256);
    }

    [Fact]
    public void Another_seed_gives_another_split_and_model()
    {
        var first = Train("a", 1);
        var second = Train("b", 2);

        Assert.NotEqual(File.ReadAllBytes(first.EvaluationPath), File.ReadAllBytes(second.EvaluationPath));
        Assert.NotEqual(first.ModelSha256, second.ModelSha256);
    }

    [Fact]
    public void Split_is_stratified_70_30_and_adds_age_group()
    {
        var result = Train("a");
        var train = File.ReadAllLines(result.TrainPath);
        var evaluation = File.ReadAllLines(result.EvaluationPath);

        Assert.Equal(700, train.Length - 1);
        Assert.Equal(300, evaluation.Length - 1);
        Assert.EndsWith(",age_group", train[0]);
        // 30 % of 700 good and of 300 bad: the label shares are kept exactly.
        Assert.Equal(210, evaluation.Skip(1).Count(l => l.Split(',')[21] == "good"));
        Assert.Equal(90, evaluation.Skip(1).Count(l => l.Split(',')[21] == "bad"));
        foreach (var line in train.Skip(1).Concat(evaluation.Skip(1)))
        {
            var fields = line.Split(',');
            var age = int.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(age <= 25 ? "le_25" : "gt_25", fields[22]);
        }
        // No row is in both parts, and none is lost.
        Assert.Equal(1000, train.Skip(1).Concat(evaluation.Skip(1)).Count());
    }

    [Fact]
    public void Model_has_one_input_per_column_and_the_sklearn_style_outputs()
    {
        var result = Train("a");
        var model = OnnxModel.Load(result.ModelPath);

        var inputs = model.Graph.Inputs.ToDictionary(i => i.Name, i => i.Type!.ElementType);
        Assert.Equal(19, inputs.Count);
        Assert.Equal(OnnxDataType.Float, inputs["age"]);
        Assert.Equal(OnnxDataType.String, inputs["purpose"]);
        Assert.DoesNotContain("sex", inputs.Keys);
        Assert.DoesNotContain("personal_status_sex", inputs.Keys);
        Assert.Equal(["label", "probabilities"], model.Graph.Outputs.Select(o => o.Name));
        Assert.Equal(["Concat", "LinearClassifier", "OneHotEncoder", "Reshape", "Scaler"],
            model.Graph.Nodes.Select(n => n.OpType).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(12, model.Graph.Nodes.Count(n => n.OpType == "OneHotEncoder"));
    }

    [Fact]
    public void Fitted_model_separates_good_from_bad_on_the_held_out_split()
    {
        // An independent check of the fit: score the evaluation split with the fitted coefficients and
        // compute the rank statistic (ROC AUC). Published logistic-regression results on this set are ~0.75-0.80.
        var data = CreditDataSet.Load(RepositoryPaths.GermanCredit);
        var labels = data.Rows.Select(r => r[data.Column("credit_risk")]).ToArray();
        var (train, evaluation) = StratifiedSplit.Split(labels, 0.3, TrainingOptions.DefaultSeed);
        var pipeline = FeaturePipeline.Fit(data, train);
        var model = LogisticRegression.Fit(pipeline.Transform(data, train),
            train.Select(r => labels[r] == "good" ? 1 : 0).ToArray(), 1.0, 100, 1e-10);
        var x = pipeline.Transform(data, evaluation);
        var scored = evaluation.Select((r, i) => (P: model.PredictProbability(x[i]), Good: labels[r] == "good")).ToList();
        double pairs = 0, wins = 0;
        foreach (var g in scored.Where(s => s.Good))
        {
            foreach (var b in scored.Where(s => !s.Good))
            {
                pairs++;
                wins += g.P > b.P ? 1 : g.P == b.P ? 0.5 : 0;
            }
        }
        var auc = wins / pairs;
        Assert.InRange(auc, 0.7, 0.9);
        Assert.True(model.Iterations < 100, "Newton's method converges in a handful of steps on this problem.");
    }

    [Fact]
    public void A_label_that_is_not_good_or_bad_is_an_error_naming_file_and_line()
    {
        var bad = Path.Combine(_temp.FullName, "bad.csv");
        var lines = File.ReadAllLines(RepositoryPaths.GermanCredit);
        lines[3] = lines[3][..lines[3].LastIndexOf(',')] + ",maybe";
        File.WriteAllLines(bad, lines);

        var e = Assert.Throws<MlOpsException>(() => CreditDataSet.Load(bad));
        Assert.Equal(bad, e.File);
        Assert.Equal(4, e.Line);
        Assert.Contains("maybe", e.Message);
    }
}
