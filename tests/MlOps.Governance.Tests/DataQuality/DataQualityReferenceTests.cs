using MlOps.Governance.DataQuality;
using MlOps.Governance.Drift;
using MlOps.Governance.Scoring;
using MlOps.Governance.Tests.Statistics;
using MlOps.Onnx;

namespace MlOps.Governance.Tests.DataQuality;

/// <summary>The data-quality figures on the Adult data against pandas (tests/reference/data_quality_reference.py).</summary>
public sealed class DataQualityReferenceTests : IDisposable
{
    private static readonly string[] Numeric = ["age", "fnlwgt", "education_num", "capital_gain", "capital_loss", "hours_per_week"];
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-dq-adult-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [PythonFact]
    public void Missing_range_unseen_duplicate_leakage_and_balance_figures_match_pandas_on_adult()
    {
        var train = EvidenceTestData.Adult("adult-train.csv");
        var test = EvidenceTestData.Adult("adult-test.csv");
        var baseline = Path.Combine(_folder, "drift-baseline.json");
        DriftBaselineJson.Write(baseline, DriftBaselineBuilder.Build(train));
        var model = Path.Combine(_folder, "adult.onnx");
        AdultModel().Save(model);
        var pass = DataQualityChecker.Check(new DataQualityRequest
        {
            DataPath = test, Model = ModelFile.Open(model), BaselinePath = baseline, TrainingPath = train, Label = "income",
        });
        var expected = ReferencePython.RunJson("data_quality_reference.py", train, test, "income", string.Join(",", Numeric));
        var profile = pass.Profile;
        var rows = (double)profile.Rows;
        foreach (var column in profile.Columns)
        {
            Assert.Equal(expected.GetProperty("missingRate").GetProperty(column.Name).GetDouble(), column.Missing / rows, 15);
            if (column.IsRangeChecked)
            {
                Assert.Equal(expected.GetProperty("outOfRangeRate").GetProperty(column.Name).GetDouble(), column.OutOfRange / rows, 15);
            }
            if (column.CategoriesFrom is not null)
            {
                Assert.Equal(expected.GetProperty("unseenCategoryRate").GetProperty(column.Name).GetDouble(), column.Unseen / rows, 15);
            }
        }
        Assert.Equal(Numeric.Length, profile.Columns.Count(c => c.IsRangeChecked));
        Assert.Equal(8, profile.Columns.Count(c => c.CategoriesFrom == "baseline"));
        var report = DataQualityReport.Of(profile);
        foreach (var id in new[] { DataQualityChecks.DuplicateRate, DataQualityChecks.LeakageRate, DataQualityChecks.MinorityClassRate })
        {
            Assert.Equal(expected.GetProperty(id).GetDouble(), report.Checks.Single(c => c.Id == id).Value, 15);
        }
        // Real data, real findings: Adult's test split has missing values, duplicates and rows shared with training.
        Assert.True(report.Checks.Single(c => c.Id == DataQualityChecks.LeakageRate).Value > 0);
        Assert.True(report.Checks.Single(c => c.Id == DataQualityChecks.DuplicateRate).Value > 0);
    }

    // One [N,1] input per Adult feature (numbers as float, the rest as text); the graph only passes age through: the
    // checks read the model's inputs, not what it computes.
    private static OnnxModelBuilder AdultModel()
    {
        string[] features = ["age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation", "relationship",
            "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country"];
        var builder = new OnnxModelBuilder();
        foreach (var f in features)
        {
            builder.Input(f, Numeric.Contains(f) ? OnnxDataType.Float : OnnxDataType.String, "N", 1);
        }
        return builder.Output("y", OnnxDataType.Float, "N", 1).Node("Identity", ["age"], ["y"]);
    }
}
