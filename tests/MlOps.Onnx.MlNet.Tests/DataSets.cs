using System.Globalization;
using Microsoft.ML.Data;

namespace MlOps.Onnx.MlNet.Tests;

/// <summary>The shared data sets (../shared/data beside the repository), read into typed rows for ML.NET.</summary>
internal static class DataSets
{
    public static string Folder { get; } = FindShared();

    /// <summary>German credit: 1,000 rows, label good/bad.</summary>
    public static IReadOnlyList<CreditRow> GermanCredit() =>
        Read(Path.Combine(Folder, "german-credit.csv"), int.MaxValue, CreditRow.From);

    /// <summary>The first <paramref name="rows"/> rows of Adult's training file.</summary>
    public static IReadOnlyList<AdultRow> Adult(int rows) =>
        Read(Path.Combine(Folder, "adult", "adult-train.csv"), rows, AdultRow.From);

    private static List<T> Read<T>(string path, int rows, Func<Func<string, string>, T> create)
    {
        var lines = File.ReadLines(path).Take(rows == int.MaxValue ? rows : rows + 1).ToList();
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line =>
        {
            var fields = line.Split(',');
            return create(name => fields[Array.IndexOf(header, name)]);
        }).ToList();
    }

    internal static float Number(string text) => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (File.Exists(Path.Combine(candidate, "german-credit.csv")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"shared/data not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A German credit row: numeric columns as float, categorical ones as text, the label as a boolean.</summary>
public sealed class CreditRow
{
    public float duration_months { get; set; }
    public float credit_amount { get; set; }
    public float installment_rate { get; set; }
    public float residence_since { get; set; }
    public float age { get; set; }
    public float existing_credits { get; set; }
    public string checking_status { get; set; } = "";
    public string credit_history { get; set; } = "";
    public string purpose { get; set; } = "";
    public string savings { get; set; } = "";
    public string employment_since { get; set; } = "";
    public string housing { get; set; } = "";
    public string job { get; set; } = "";
    /// <summary>credit_risk == good.</summary>
    public bool Label { get; set; }

    public static readonly string[] Numeric = ["duration_months", "credit_amount", "installment_rate", "residence_since", "age", "existing_credits"];
    public static readonly string[] Categorical = ["checking_status", "credit_history", "purpose", "savings", "employment_since", "housing", "job"];

    internal static CreditRow From(Func<string, string> field) => new()
    {
        duration_months = DataSets.Number(field("duration_months")),
        credit_amount = DataSets.Number(field("credit_amount")),
        installment_rate = DataSets.Number(field("installment_rate")),
        residence_since = DataSets.Number(field("residence_since")),
        age = DataSets.Number(field("age")),
        existing_credits = DataSets.Number(field("existing_credits")),
        checking_status = field("checking_status"),
        credit_history = field("credit_history"),
        purpose = field("purpose"),
        savings = field("savings"),
        employment_since = field("employment_since"),
        housing = field("housing"),
        job = field("job"),
        Label = field("credit_risk") == "good",
    };
}

/// <summary>An Adult row: numeric columns as float, categorical ones as text, income as the binary label.</summary>
public sealed class AdultRow
{
    public float age { get; set; }
    public float education_num { get; set; }
    public float capital_gain { get; set; }
    public float capital_loss { get; set; }
    public float hours_per_week { get; set; }
    public string workclass { get; set; } = "";
    public string education { get; set; } = "";
    public string marital_status { get; set; } = "";
    public string occupation { get; set; } = "";
    public string relationship { get; set; } = "";
    public string sex { get; set; } = "";
    /// <summary>income == &gt;50K.</summary>
    public bool Label { get; set; }

    internal static AdultRow From(Func<string, string> field) => new()
    {
        age = DataSets.Number(field("age")),
        education_num = DataSets.Number(field("education_num")),
        capital_gain = DataSets.Number(field("capital_gain")),
        capital_loss = DataSets.Number(field("capital_loss")),
        hours_per_week = DataSets.Number(field("hours_per_week")),
        workclass = field("workclass"),
        education = field("education"),
        marital_status = field("marital_status"),
        occupation = field("occupation"),
        relationship = field("relationship"),
        sex = field("sex"),
        Label = field("income").StartsWith(">50K", StringComparison.Ordinal),
    };
}

/// <summary>What a calibrated binary classifier adds.</summary>
public sealed class CalibratedPrediction
{
    public bool PredictedLabel { get; set; }
    public float Score { get; set; }
    public float Probability { get; set; }
}

/// <summary>What an uncalibrated binary classifier (FastForest) adds.</summary>
public sealed class UncalibratedPrediction
{
    public bool PredictedLabel { get; set; }
    public float Score { get; set; }
}

/// <summary>What a regression adds.</summary>
public sealed class RegressionPrediction
{
    public float Score { get; set; }
}

/// <summary>What a multiclass classifier adds, the predicted key mapped back to its text.</summary>
public sealed class MulticlassPrediction
{
    public string PredictedLabel { get; set; } = "";
    [VectorType]
    public float[] Score { get; set; } = [];
}
