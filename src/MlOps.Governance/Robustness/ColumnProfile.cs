using MlOps.Governance.Statistics;

namespace MlOps.Governance.Robustness;

/// <summary>
/// What the perturbations need to know of one feature, from a first pass over the data as the model receives it:
/// a number's moments and range (jitter, monotonic steps), a text column's observed categories (swap), and whether
/// its input can hold a missing number (NaN) at all.
/// </summary>
internal sealed class ColumnProfile
{
    private readonly CategoryCounter _categories = new();
    private string[]? _sorted;

    public ColumnProfile(int column, string name, bool isText)
    {
        Column = column;
        Name = name;
        IsText = isText;
    }

    /// <summary>The data column (as the binding numbers it).</summary>
    public int Column { get; }

    /// <summary>The column's header.</summary>
    public string Name { get; }

    /// <summary>Whether the model reads the column as text.</summary>
    public bool IsText { get; }

    /// <summary>A number's moments and range over its non-missing values.</summary>
    public RunningMoments Moments { get; } = new();

    /// <summary>Whether the model's input for this column holds NaN (a float or double tensor); integers and booleans do not.</summary>
    public bool HoldsMissing { get; set; }

    /// <summary>The standard deviation the jitter is a fraction of (NaN with fewer than two values).</summary>
    public double StandardDeviation => Math.Sqrt(Moments.SampleVariance);

    /// <summary>The non-empty categories observed, in ordinal order (so a swap does not depend on row order).</summary>
    public IReadOnlyList<string> Categories => _sorted ??= Enumerable.Range(0, _categories.Count).Select(_categories.KeyAt).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Counts one value.</summary>
    public void Add(Scoring.InputBinding.InputBatch batch, int row)
    {
        if (IsText)
        {
            var text = batch.GetText(row, Column);
            if (!string.IsNullOrEmpty(text))
            {
                _categories.Add(text);
            }
            return;
        }
        var x = batch.GetNumber(row, Column);
        if (!double.IsNaN(x))
        {
            Moments.Add(x);
        }
    }
}
