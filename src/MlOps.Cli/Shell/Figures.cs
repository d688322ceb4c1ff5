using System.Globalization;

namespace MlOps.Cli.Shell;

/// <summary>How the CLI's summary lines show figures.</summary>
internal static class Figures
{
    /// <summary>Up to four decimals, invariant; "undefined" for NaN (a metric with no value, such as ROC AUC of one class).</summary>
    public static string Show(double value) => double.IsNaN(value) ? "undefined" : value.ToString("0.####", CultureInfo.InvariantCulture);
}
