using System.Globalization;
using System.Text;
using MlOps.Governance.Tests.Statistics;

namespace MlOps.Governance.Tests.TestSupport;

/// <summary>
/// Predictions for the German-credit sample (shared/data/german-credit.csv): a fixed logistic score of the
/// applicant's account, duration, amount, age and sex (rounded to 3 decimals, so scores tie as a real model's
/// do), the prediction at 0.5, and the sensitive columns sex, age_group (le_25 / gt_25, as the template) and
/// foreign_worker. Deterministic: the same file every run.
/// </summary>
public static class GermanCreditPredictions
{
    /// <summary>Writes the predictions CSV (label credit_risk, positive "good") to <paramref name="path"/>.</summary>
    public static string Write(string path)
    {
        var lines = File.ReadAllLines(EvidenceTestData.GermanCredit);
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        int checking = Col("checking_status"), duration = Col("duration_months"), amount = Col("credit_amount"), age = Col("age"),
            sex = Col("sex"), foreign = Col("foreign_worker"), label = Col("credit_risk");
        var sb = new StringBuilder("credit_risk,score,prediction,sex,age_group,foreign_worker\n");
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            double N(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            var z = 0.9 + (f[checking] == "no_account" ? 1.1 : 0) - 0.04 * (N(duration) - 20) - 0.00008 * (N(amount) - 3000)
                + 0.03 * (N(age) - 35) + (f[sex] == "male" ? 0.35 : 0);
            var score = Math.Round(1 / (1 + Math.Exp(-z)), 3);
            sb.Append(f[label]).Append(',').Append(score.ToString("0.###", CultureInfo.InvariantCulture)).Append(',')
                .Append(score >= 0.5 ? "good" : "bad").Append(',').Append(f[sex]).Append(',')
                .Append(N(age) > 25 ? "gt_25" : "le_25").Append(',').Append(f[foreign]).Append('\n');
        }
        File.WriteAllText(path, sb.ToString());
        return path;
    }
}
