using MlOps.Diagnostics;
using MlOps.Governance.DataQuality;
using static MlOps.Governance.Tests.DataQuality.DataQualityFixture;

namespace MlOps.Governance.Tests.DataQuality;

/// <summary>Each data-quality check on small crafted data against a real model, baseline and training set.</summary>
public sealed class DataQualityCheckTests
{
    private const string Clean = "a,b,c,label\n1.5,15,x,good\n2.5,25,y,bad\n3.5,35,x,good\n";

    [Fact]
    public void Clean_data_passes_every_check_with_every_value_zero_but_the_class_balance()
    {
        using var f = new DataQualityFixture();
        var report = f.Check(Clean);
        Assert.True(report.Passed, string.Join(", ", report.Checks.Where(c => !c.Passed).Select(c => c.Id)));
        Assert.Equal(
            [DataQualityChecks.MissingColumns, DataQualityChecks.TypeMismatchRate, DataQualityChecks.MissingRate, DataQualityChecks.OutOfRangeRate,
             DataQualityChecks.UnseenCategoryRate, DataQualityChecks.ConstantColumns, DataQualityChecks.DuplicateRate, DataQualityChecks.LeakageRate,
             DataQualityChecks.MinorityClassRate],
            report.Checks.Select(c => c.Id));
        Assert.All(report.Checks.Where(c => c.Id != DataQualityChecks.MinorityClassRate), c => Assert.Equal(0, c.Value));
        Assert.Equal(1 / 3.0, CheckOf(report, DataQualityChecks.MinorityClassRate).Value);
        Assert.Equal("model", report.Profile.Columns.Single(c => c.Name == "c").CategoriesFrom);
    }

    [Fact]
    public void Without_training_data_or_label_their_checks_are_left_out()
    {
        using var f = new DataQualityFixture();
        var report = f.Check(Clean, training: false, label: null);
        Assert.DoesNotContain(report.Checks, c => c.Id is DataQualityChecks.LeakageRate or DataQualityChecks.MinorityClassRate);
    }

    [Fact]
    public void A_model_input_missing_from_the_data_fails_the_schema_check()
    {
        using var f = new DataQualityFixture();
        var report = f.Check("a,c,label\n1.5,x,good\n2.5,y,bad\n");
        var check = CheckOf(report, DataQualityChecks.MissingColumns);
        Assert.Equal(1, check.Value);
        Assert.False(check.Passed);
        Assert.Equal(["b"], report.Profile.MissingColumns);
    }

    [Fact]
    public void Text_fed_to_a_numeric_input_is_a_type_mismatch()
    {
        using var f = new DataQualityFixture();
        var report = f.Check("a,b,c,label\n1.5,15,x,good\nmany,25,y,bad\n3.5,35,x,good\n2,20,y,good\n");
        var check = CheckOf(report, DataQualityChecks.TypeMismatchRate);
        Assert.Equal(0.25, check.Value);
        Assert.Equal("a", check.Column);
        Assert.False(check.Passed);
    }

    [Fact]
    public void Missing_values_are_rated_per_column_and_the_worst_column_is_named()
    {
        using var f = new DataQualityFixture();
        var report = f.Check("a,b,c,label\n1.5,,x,good\n2.5,,y,bad\n,35,x,good\n2,20,y,\n");
        var check = CheckOf(report, DataQualityChecks.MissingRate);
        Assert.Equal(0.5, check.Value);
        Assert.Equal("b", check.Column);
        Assert.False(check.Passed);
        Assert.Equal(1, report.Profile.Columns.Single(c => c.Name == "label").Missing);
    }

    [Fact]
    public void Values_outside_the_training_range_are_counted_against_the_baseline()
    {
        using var f = new DataQualityFixture();
        var report = f.Check("a,b,c,label\n0.5,15,x,good\n2.5,41,y,bad\n4,10,x,good\n1,40,y,good\n");
        var check = CheckOf(report, DataQualityChecks.OutOfRangeRate);
        Assert.Equal(0.25, check.Value); // a: 0.5 < 1; b: 41 > 40; the edges 4, 10, 1, 40 are in range
        Assert.False(check.Passed);
        Assert.True(f.Check("a,b,c,label\n0.5,15,x,good\n2.5,25,y,bad\n", thresholds: "maxOutOfRangeRate=0.5").Passed);
    }

    [Fact]
    public void An_unseen_category_is_judged_by_the_model_encoder_or_else_by_the_training_profile()
    {
        using (var f = new DataQualityFixture())
        {
            var report = f.Check("a,b,c,label\n1.5,15,z,good\n2.5,25,y,bad\n");
            var check = CheckOf(report, DataQualityChecks.UnseenCategoryRate);
            Assert.Equal(0.5, check.Value);
            Assert.Equal("c", check.Column);
            Assert.False(check.Passed);
        }
        using (var f = new DataQualityFixture(encoder: false))
        {
            var report = f.Check("a,b,c,label\n1.5,15,z,good\n2.5,25,y,bad\n3,30,w,good\n4,35,x,bad\n");
            Assert.Equal("baseline", report.Profile.Columns.Single(c => c.Name == "c").CategoriesFrom);
            Assert.Equal(0.5, CheckOf(report, DataQualityChecks.UnseenCategoryRate).Value);
        }
    }

    [Fact]
    public void A_constant_input_column_fails_unless_allowed()
    {
        using var f = new DataQualityFixture();
        const string data = "a,b,c,label\n1.5,20,x,good\n2.5,20.0,y,bad\n3.5,,x,good\n";
        var check = CheckOf(f.Check(data), DataQualityChecks.ConstantColumns);
        Assert.Equal(1, check.Value);
        Assert.Equal("b", check.Column);
        Assert.False(check.Passed);
        Assert.True(CheckOf(f.Check(data, thresholds: "allowConstantColumns=true"), DataQualityChecks.ConstantColumns).Passed);
    }

    [Fact]
    public void Duplicate_rows_are_rows_whose_features_repeat_an_earlier_row_numbers_compared_by_value()
    {
        using var f = new DataQualityFixture();
        // Rows 2 and 3 repeat row 1 (1.5 == 1.50, the label differs); row 4 differs in c.
        var report = f.Check("a,b,c,label\n1.5,15,x,good\n1.50,15,x,bad\n1.5,15,x,good\n1.5,15,y,good\n");
        var check = CheckOf(report, DataQualityChecks.DuplicateRate);
        Assert.Equal(0.5, check.Value);
        Assert.False(check.Passed);
        Assert.Equal(2, report.Profile.DistinctRows);
    }

    [Fact]
    public void Rows_equal_to_a_training_row_on_the_features_are_leakage()
    {
        using var f = new DataQualityFixture();
        // 2.0,20,y equals the training row 2,20,y (its label differs: only the features count).
        var report = f.Check("a,b,c,label\n2.0,20,y,good\n2.5,25,y,bad\n3,30,y,good\n1.5,15,x,good\n");
        var check = CheckOf(report, DataQualityChecks.LeakageRate);
        Assert.Equal(0.25, check.Value);
        Assert.False(check.Passed);
        Assert.Equal(1, report.Profile.LeakedRows);
    }

    [Fact]
    public void A_label_with_one_class_has_a_minority_rate_of_zero_and_fails()
    {
        using var f = new DataQualityFixture();
        var report = f.Check("a,b,c,label\n1.5,15,x,good\n2.5,25,y,good\n");
        var check = CheckOf(report, DataQualityChecks.MinorityClassRate);
        Assert.Equal(0, check.Value);
        Assert.False(check.Passed);
        // The training class 'bad' is listed with no rows.
        Assert.Equal([new("bad", 0L), new("good", 2L)], report.Profile.LabelClasses);
        Assert.Equal(0, DataQualityReport.MinorityRate([new("only", 5L)]));
    }

    [Fact]
    public void The_evidence_records_value_threshold_and_passed_per_check_and_is_deterministic()
    {
        using var f = new DataQualityFixture();
        var first = Bytes(f.Check("a,b,c,label\n1.5,15,z,good\n2.5,25,y,bad\n"));
        var second = Bytes(f.Check("a,b,c,label\n1.5,15,z,good\n2.5,25,y,bad\n"));
        Assert.Equal(first, second);
        var evidence = MlOps.Governance.Evidence.EvidenceFile.Parse(first, "data-quality.json");
        Assert.Equal("failed", evidence.Verdict);
        var unseen = evidence.Root.GetProperty("checks").GetProperty("unseenCategoryRate");
        Assert.Equal(0.5, unseen.GetProperty("value").GetDouble());
        Assert.Equal(0, unseen.GetProperty("threshold").GetDouble());
        Assert.False(unseen.GetProperty("passed").GetBoolean());
        Assert.Equal("unseenCategoryRate", Assert.Single(evidence.Root.GetProperty("failed").EnumerateArray()).GetString());
        Assert.DoesNotContain(f.Folder, System.Text.Encoding.UTF8.GetString(first), StringComparison.Ordinal);
    }

    [Fact]
    public void A_baseline_of_other_data_is_refused_naming_the_inputs_it_lacks()
    {
        using var f = new DataQualityFixture();
        var other = f.Write("other.csv", "a,z,c\n1,2,x\n3,4,y\n");
        MlOps.Governance.Drift.DriftBaselineJson.Write(f.BaselinePath, MlOps.Governance.Drift.DriftBaselineBuilder.Build(other));
        var e = Assert.Throws<MlOpsException>(() => f.Check(Clean));
        Assert.Equal(DiagnosticCatalog.BaselineOfOtherData, e.Diagnostic);
        Assert.Contains("'b'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_of_another_kind_given_as_the_baseline_is_refused()
    {
        using var f = new DataQualityFixture();
        File.WriteAllText(f.BaselinePath, """{"schema":"mlops.evidence.fairness/v1","kind":"fairness","modelSha256":null,"verdict":"passed"}""");
        var e = Assert.Throws<MlOpsException>(() => f.Check(Clean));
        Assert.Equal(DiagnosticCatalog.EvidenceMalformed, e.Diagnostic);
    }

    [Fact]
    public void Missing_files_are_refused_naming_them()
    {
        using var f = new DataQualityFixture();
        var data = f.Write("eval.csv", Clean);
        File.Delete(f.TrainingPath);
        var training = Assert.Throws<MlOpsException>(() => f.Pass(data));
        Assert.Equal(f.TrainingPath, training.File);
        File.Delete(f.BaselinePath);
        var baseline = Assert.Throws<MlOpsException>(() => f.Pass(data, training: false));
        Assert.Equal(f.BaselinePath, baseline.File);
        var missing = Path.Combine(f.Folder, "nothing.csv");
        Assert.Throws<MlOpsException>(() => f.Pass(missing, training: false));
    }

    [Fact]
    public void A_missing_label_column_and_unknown_thresholds_are_refused()
    {
        using var f = new DataQualityFixture();
        Assert.Contains("no label column 'outcome'", Assert.Throws<MlOpsException>(() => f.Check(Clean, label: "outcome")).Message, StringComparison.Ordinal);
        Assert.Contains("maxNoise", Assert.Throws<MlOpsException>(() => f.Check(Clean, thresholds: "maxNoise=0.1")).Message, StringComparison.Ordinal);
        Assert.Contains("a rate from 0 to 1", Assert.Throws<MlOpsException>(() => f.Check(Clean, thresholds: "maxMissingRate=2")).Message, StringComparison.Ordinal);
    }
}
