using System.CommandLine;
using System.Runtime.CompilerServices;
using MlOps.Diagnostics;

namespace MlOps.Cli.Shell;

/// <summary>
/// The CLI's words for the settings library messages point at: each option says which <see cref="UserInput"/> it
/// sets, and an error's fix gains "Use --positive good." for the options of the command that ran.
/// </summary>
internal static class CliInputs
{
    private static readonly ConditionalWeakTable<Option, UserInput> Inputs = new();

    /// <summary>Records that <paramref name="option"/> sets <paramref name="input"/>; returns the option.</summary>
    public static T Sets<T>(this T option, UserInput input) where T : Option
    {
        Inputs.AddOrUpdate(option, input);
        return option;
    }

    /// <summary>"Use --score &lt;column&gt; or --prediction &lt;column&gt;." for the hints <paramref name="command"/> has options for; null when none.</summary>
    public static string? HowToSet(Command command, IReadOnlyList<InputHint> hints)
    {
        var phrases = new List<string>();
        foreach (var hint in hints)
        {
            var option = FindOption(command, hint.Input);
            if (option is null)
            {
                continue;
            }
            var value = hint.Value is { } v ? Quote(v) : option is Option<bool> ? null : $"<{option.HelpName ?? "value"}>";
            var phrase = value is null ? option.Name : $"{option.Name} {value}";
            if (!phrases.Contains(phrase))
            {
                phrases.Add(phrase);
            }
        }
        return phrases.Count == 0 ? null : $"Use {string.Join(" or ", phrases)}.";
    }

    /// <summary>
    /// Reports an error that stops <paramref name="command"/>: records it for scripts (<see cref="DiagnosticsFile"/>)
    /// and returns its one-line message in the CLI's words.
    /// </summary>
    public static string Report(MlOpsException error, Command command)
    {
        DiagnosticsFile.Record(error);
        return error.Describe(hints => HowToSet(command, hints));
    }

    private static Option? FindOption(Command command, UserInput input) =>
        command.Options.FirstOrDefault(option => Inputs.TryGetValue(option, out var bound) && bound == input);

    // A value a shell would split or expand is quoted, so the suggestion can be pasted as it is.
    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '/' or ':' or '=' or ',')
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
