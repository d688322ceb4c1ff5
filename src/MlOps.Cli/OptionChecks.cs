using System.Globalization;

namespace MlOps.Cli;

/// <summary>
/// Range checks for numeric options System.CommandLine parses but does not bound: a NaN threshold or a negative count
/// would otherwise run to the end and produce evidence (even a governance failure, exit 1) from a typo.
/// </summary>
internal static class OptionChecks
{
    /// <summary>Returns <paramref name="value"/> when it is a finite number.</summary>
    /// <exception cref="MlOpsException">NaN or infinite.</exception>
    public static double Finite(string option, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new MlOpsException(string.Create(CultureInfo.InvariantCulture, $"{option} must be a finite number but is {value}."),
                fix: $"Pass a number such as 0.5 to {option}, or leave the option out.");
        }
        return value;
    }

    /// <summary>Returns <paramref name="value"/> when it is at least <paramref name="minimum"/>.</summary>
    /// <exception cref="MlOpsException">Below the minimum.</exception>
    public static int AtLeast(string option, int value, int minimum)
    {
        if (value < minimum)
        {
            throw new MlOpsException(string.Create(CultureInfo.InvariantCulture, $"{option} must be at least {minimum} but is {value}."),
                fix: $"Pass a whole number >= {minimum} to {option}, or leave the option out.");
        }
        return value;
    }
}
