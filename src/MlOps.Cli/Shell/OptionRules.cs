using System.CommandLine;
using System.Globalization;

namespace MlOps.Cli.Shell;

/// <summary>
/// Range rules for numeric options System.CommandLine parses but does not bound, checked at parse time: a NaN
/// threshold or a negative count would otherwise run to the end and produce evidence (even a governance failure,
/// exit 1) from a typo.
/// </summary>
internal static class OptionRules
{
    /// <summary>The option's value must be a finite number.</summary>
    public static Option<double> MustBeFinite(this Option<double> option)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!double.IsFinite(value))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture,
                    $"{option.Name} must be a finite number but is {value}. Fix: Pass a number such as 0.5 to {option.Name}, or leave the option out."));
            }
        });
        return option;
    }

    /// <summary>The option's value must be at least <paramref name="minimum"/>.</summary>
    public static Option<int> MustBeAtLeast(this Option<int> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < minimum)
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture,
                    $"{option.Name} must be at least {minimum} but is {value}. Fix: Pass a whole number >= {minimum} to {option.Name}, or leave the option out."));
            }
        });
        return option;
    }

    /// <summary>
    /// Runs a library check of the option's value as its validator (before any work): the library's error, with its
    /// diagnostic code and limit, becomes a parse error in the CLI's words.
    /// </summary>
    public static Option<T> ValidatedBy<T>(this Option<T> option, Action<T> check)
    {
        option.Validators.Add(result =>
        {
            try
            {
                check(result.GetValueOrDefault<T>());
            }
            catch (MlOpsException e)
            {
                var command = (result.Parent as System.CommandLine.Parsing.CommandResult)?.Command;
                result.AddError(command is null ? e.Describe() : CliInputs.Report(e, command));
            }
        });
        return option;
    }

    /// <summary>Runs a library check of the command's inputs as a validator: its error becomes a parse error in the CLI's words.</summary>
    public static void ValidateWith(this Command command, Action<System.CommandLine.Parsing.CommandResult> check)
    {
        command.Validators.Add(result =>
        {
            try
            {
                check(result);
            }
            catch (MlOpsException e)
            {
                result.AddError(CliInputs.Report(e, result.Command));
            }
        });
    }
}
