using System.Globalization;

namespace CreditRisk.Trainer;

/// <summary>
/// The columns of the German credit data set (Statlog) that this model uses, and the derived
/// sensitive attribute <c>age_group</c>.
/// </summary>
/// <remarks>
/// The model never sees <c>sex</c> or <c>personal_status_sex</c>: they are kept in the split files so the
/// fairness stage can measure whether outcomes still differ between groups ("fairness through
/// unawareness" is not enough, and the evidence shows it). <c>age</c> stays a model input, as in the
/// usual credit-scoring practice for this data set; <c>age_group</c> is only a reporting column.
/// </remarks>
public static class GermanCreditSchema
{
    /// <summary>The label column; its values are <see cref="NegativeLabel"/> and <see cref="PositiveLabel"/>.</summary>
    public const string Label = "credit_risk";

    /// <summary>The favourable outcome (the applicant is a good risk: the credit is granted).</summary>
    public const string PositiveLabel = "good";

    /// <summary>The unfavourable outcome.</summary>
    public const string NegativeLabel = "bad";

    /// <summary>The derived age column added to the split files.</summary>
    public const string AgeGroup = "age_group";

    /// <summary>Applicants aged 25 or younger.</summary>
    public const string AgeGroupYoung = "le_25";

    /// <summary>Applicants older than 25.</summary>
    public const string AgeGroupOlder = "gt_25";

    /// <summary>
    /// The cut between the age groups. 25 is the threshold the fairness literature uses for this data set
    /// (Kamiran and Calders 2009; AIF360's GermanDataset treats age &gt; 25 as the privileged group), so the
    /// numbers here can be compared with published ones.
    /// </summary>
    public const int AgeGroupCut = 25;

    /// <summary>The sensitive features the fairness stage reports on.</summary>
    public static IReadOnlyList<string> SensitiveFeatures { get; } = ["sex", AgeGroup];

    /// <summary>Numeric model inputs, in the order the model concatenates them.</summary>
    public static IReadOnlyList<string> NumericFeatures { get; } =
    [
        "duration_months", "credit_amount", "installment_rate", "residence_since", "age",
        "existing_credits", "people_liable",
    ];

    /// <summary>Categorical model inputs (one-hot encoded), in the order the model concatenates them.</summary>
    public static IReadOnlyList<string> CategoricalFeatures { get; } =
    [
        "checking_status", "credit_history", "purpose", "savings", "employment_since", "other_debtors",
        "property", "other_installment_plans", "housing", "job", "telephone", "foreign_worker",
    ];

    /// <summary>The age group of an age in years.</summary>
    public static string AgeGroupOf(double age) => age <= AgeGroupCut ? AgeGroupYoung : AgeGroupOlder;

    /// <summary>Formats a number the way the split files and the training record write it.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
