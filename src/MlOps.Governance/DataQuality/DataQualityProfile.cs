namespace MlOps.Governance.DataQuality;

/// <summary>The counts of one checked column: what a shard adds up to the whole.</summary>
public sealed class ColumnCounts
{
    /// <summary>Creates the counts of a column.</summary>
    public ColumnCounts(string name, bool isLabel, bool isText, string? categoriesFrom, double rangeMin, double rangeMax)
    {
        Name = name;
        IsLabel = isLabel;
        IsText = isText;
        CategoriesFrom = categoriesFrom;
        RangeMin = rangeMin;
        RangeMax = rangeMax;
    }

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>Whether it is the label column (only its missing values are checked).</summary>
    public bool IsLabel { get; }

    /// <summary>Whether the model reads it as text.</summary>
    public bool IsText { get; }

    /// <summary>Text: where the known categories come from ("model", "baseline"), or null when unknown (not checked).</summary>
    public string? CategoriesFrom { get; }

    /// <summary>Numeric: the training minimum (NaN: not range-checked).</summary>
    public double RangeMin { get; }

    /// <summary>Numeric: the training maximum (NaN: not range-checked).</summary>
    public double RangeMax { get; }

    /// <summary>Whether values are range-checked.</summary>
    public bool IsRangeChecked => !IsText && !IsLabel && !double.IsNaN(RangeMin) && !double.IsNaN(RangeMax);

    /// <summary>Missing (empty) values.</summary>
    public long Missing { get; set; }

    /// <summary>Numeric: values that are not numbers.</summary>
    public long TypeMismatches { get; set; }

    /// <summary>Numeric: values outside the training range.</summary>
    public long OutOfRange { get; set; }

    /// <summary>Text: values that are not a known category.</summary>
    public long Unseen { get; set; }

    /// <summary>How many distinct non-missing values were seen, counted up to 2 (2 = the column varies).</summary>
    public int Distinct { get; set; }

    /// <summary>With <see cref="Distinct"/> 1: the one value (a string, or a boxed double for a numeric column).</summary>
    public object? OnlyValue { get; set; }

    /// <summary>Whether the column has at most one distinct value.</summary>
    public bool IsConstant => Distinct < 2;

    /// <summary>Records a non-missing number for the constancy check (allocates only for the first).</summary>
    public void SawNumber(double value)
    {
        if (Distinct == 0)
        {
            Distinct = 1;
            OnlyValue = value == 0 ? 0.0 : value;
        }
        else if (Distinct == 1 && (double)OnlyValue! != value)
        {
            Distinct = 2;
            OnlyValue = null;
        }
    }

    /// <summary>Records a non-missing text value for the constancy check (allocates only for the first).</summary>
    public void SawText(ReadOnlySpan<char> value)
    {
        if (Distinct == 0)
        {
            Distinct = 1;
            OnlyValue = value.ToString();
        }
        else if (Distinct == 1 && (OnlyValue is not string only || !value.SequenceEqual(only)))
        {
            Distinct = 2;
            OnlyValue = null;
        }
    }
}

/// <summary>
/// Everything the data-quality checks count in one pass over a data set (or merged from shards): rows, per-column
/// counts, distinct and leaked rows, label classes. Rates and verdicts are computed from these, so a merge that adds
/// the counts gives the one-pass result.
/// </summary>
public sealed class DataQualityProfile
{
    /// <summary>The source-model digest.</summary>
    public required string ModelSha256 { get; init; }

    /// <summary>The data checked.</summary>
    public required DataReference Data { get; init; }

    /// <summary>When merged: the shards, in the order given; empty for one pass.</summary>
    public IReadOnlyList<DataReference> Shards { get; init; } = [];

    /// <summary>The training data the baseline profiles.</summary>
    public required DataReference Baseline { get; init; }

    /// <summary>The training data rows were compared with, or null when leakage was not checked.</summary>
    public DataReference? Training { get; init; }

    /// <summary>The label column, or null.</summary>
    public string? Label { get; init; }

    /// <summary>The thresholds applied.</summary>
    public required DataQualityThresholds Thresholds { get; init; }

    /// <summary>Model inputs the data has no column for.</summary>
    public required IReadOnlyList<string> MissingColumns { get; init; }

    /// <summary>The checked columns: the model's inputs present in the data, then the label.</summary>
    public required IReadOnlyList<ColumnCounts> Columns { get; init; }

    /// <summary>The rows.</summary>
    public long Rows => Data.Rows;

    /// <summary>Distinct rows on the feature columns.</summary>
    public long DistinctRows { get; init; }

    /// <summary>Rows whose features equal a training row's (0 when not checked).</summary>
    public long LeakedRows { get; init; }

    /// <summary>Label classes with their counts, ordered by ordinal key (training classes absent here count 0).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> LabelClasses { get; init; } = [];
}
