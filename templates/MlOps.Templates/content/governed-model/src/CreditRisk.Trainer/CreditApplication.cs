using System.Globalization;
using Microsoft.ML.Data;

namespace CreditRisk.Trainer;

/// <summary>
/// One credit application as the model sees it: the 19 input columns, each named exactly like its CSV column.
/// ML.NET's ONNX export makes one <c>[N,1]</c> graph input per column of this type (numbers as float, categories as
/// string), so `mlops score`, `evaluate` and `fairness` feed the model straight from the split files by column name.
/// <c>sex</c> and <c>personal_status_sex</c> are deliberately absent (see <see cref="GermanCreditSchema"/>).
/// </summary>
public class CreditApplication
{
    [ColumnName("duration_months")] public float DurationMonths { get; set; }
    [ColumnName("credit_amount")] public float CreditAmount { get; set; }
    [ColumnName("installment_rate")] public float InstallmentRate { get; set; }
    [ColumnName("residence_since")] public float ResidenceSince { get; set; }
    [ColumnName("age")] public float Age { get; set; }
    [ColumnName("existing_credits")] public float ExistingCredits { get; set; }
    [ColumnName("people_liable")] public float PeopleLiable { get; set; }
    [ColumnName("checking_status")] public string CheckingStatus { get; set; } = "";
    [ColumnName("credit_history")] public string CreditHistory { get; set; } = "";
    [ColumnName("purpose")] public string Purpose { get; set; } = "";
    [ColumnName("savings")] public string Savings { get; set; } = "";
    [ColumnName("employment_since")] public string EmploymentSince { get; set; } = "";
    [ColumnName("other_debtors")] public string OtherDebtors { get; set; } = "";
    [ColumnName("property")] public string Property { get; set; } = "";
    [ColumnName("other_installment_plans")] public string OtherInstallmentPlans { get; set; } = "";
    [ColumnName("housing")] public string Housing { get; set; } = "";
    [ColumnName("job")] public string Job { get; set; } = "";
    [ColumnName("telephone")] public string Telephone { get; set; } = "";
    [ColumnName("foreign_worker")] public string ForeignWorker { get; set; } = "";

    /// <summary>Fills the columns from a row's fields (numbers already checked by <see cref="CreditDataSet.Load"/>).</summary>
    protected void Fill(Func<string, string> field)
    {
        static float Number(string text) => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        DurationMonths = Number(field("duration_months"));
        CreditAmount = Number(field("credit_amount"));
        InstallmentRate = Number(field("installment_rate"));
        ResidenceSince = Number(field("residence_since"));
        Age = Number(field("age"));
        ExistingCredits = Number(field("existing_credits"));
        PeopleLiable = Number(field("people_liable"));
        CheckingStatus = field("checking_status");
        CreditHistory = field("credit_history");
        Purpose = field("purpose");
        Savings = field("savings");
        EmploymentSince = field("employment_since");
        OtherDebtors = field("other_debtors");
        Property = field("property");
        OtherInstallmentPlans = field("other_installment_plans");
        Housing = field("housing");
        Job = field("job");
        Telephone = field("telephone");
        ForeignWorker = field("foreign_worker");
    }
}

/// <summary>A training row: the application and whether it turned out a good risk (ML.NET's boolean label).</summary>
public sealed class LabelledCreditApplication : CreditApplication
{
    /// <summary>True when <c>credit_risk</c> is <see cref="GermanCreditSchema.PositiveLabel"/>.</summary>
    public bool Label { get; set; }

    /// <summary>The training rows <paramref name="rows"/> of <paramref name="data"/>, in that order.</summary>
    public static List<LabelledCreditApplication> From(CreditDataSet data, IEnumerable<int> rows)
    {
        var label = data.Column(GermanCreditSchema.Label);
        return rows.Select(r =>
        {
            var record = data.Rows[r];
            var application = new LabelledCreditApplication { Label = record[label] == GermanCreditSchema.PositiveLabel };
            application.Fill(name => record[data.Column(name)]);
            return application;
        }).ToList();
    }
}

/// <summary>What the model adds to an application (ML.NET's binary classification columns).</summary>
public sealed class CreditRiskPrediction
{
    /// <summary>True: a good risk.</summary>
    public bool PredictedLabel { get; set; }

    /// <summary>The raw linear score (logit).</summary>
    public float Score { get; set; }

    /// <summary>The probability of a good risk: the score the evaluation and fairness stages use.</summary>
    public float Probability { get; set; }
}
