using MlOps.Diagnostics;

namespace MlOps;

/// <summary>
/// A problem with the user's input that the user can fix: a file, a field or a line that is wrong,
/// and what to do about it. Every layer throws this for bad input; the CLI turns it into exit code 2
/// and the MSBuild tasks into an MLOPS1xx error. It lives in the lowest assembly (MlOps.Core) so that
/// every other assembly can share it without a dependency pointing the wrong way.
/// </summary>
/// <remarks>
/// The message and the fix name concepts ("the card", "the score column"), never one caller's way of setting them:
/// the same library code runs under the CLI, MSBuild and Cake. The settings a fix refers to travel as
/// <see cref="Inputs"/>, and each caller adds its own words for them (a CLI option, an MSBuild property).
/// </remarks>
public class MlOpsException : Exception
{
    /// <summary>Creates an input error.</summary>
    /// <param name="message">What is wrong, in one sentence.</param>
    /// <param name="file">The file at fault, if any.</param>
    /// <param name="line">The 1-based line (or record) at fault, if any.</param>
    /// <param name="fix">What the user should do, in the library's words (concepts, not options).</param>
    /// <param name="diagnostic">The catalogued diagnostic (MLOPS1xx) when one applies.</param>
    /// <param name="column">The 1-based column at fault, if any.</param>
    /// <param name="inner">The underlying exception, kept for diagnostics only.</param>
    /// <param name="inputs">The user settings the fix refers to, so a caller can say how to set them.</param>
    public MlOpsException(string message, string? file = null, long? line = null, string? fix = null,
        DiagnosticDescriptor? diagnostic = null, long? column = null, Exception? inner = null, IReadOnlyList<InputHint>? inputs = null)
        : base(message, inner)
    {
        File = file;
        Line = line;
        Column = column;
        Fix = fix;
        Diagnostic = diagnostic;
        Inputs = inputs ?? [];
    }

    /// <summary>The file at fault, if any.</summary>
    public string? File { get; }

    /// <summary>The 1-based line (or record number) at fault, if any.</summary>
    public long? Line { get; }

    /// <summary>The 1-based column at fault, if any.</summary>
    public long? Column { get; }

    /// <summary>What the user should do to fix it, in concepts.</summary>
    public string? Fix { get; }

    /// <summary>The catalogued diagnostic, if any.</summary>
    public DiagnosticDescriptor? Diagnostic { get; }

    /// <summary>The diagnostic code (for example MLOPS103), if any.</summary>
    public string? Code => Diagnostic?.Id;

    /// <summary>The user settings <see cref="Fix"/> refers to (empty when it refers to none).</summary>
    public IReadOnlyList<InputHint> Inputs { get; }

    /// <summary>The same error about another file and position (the rest is kept), for a caller that knows better where it is.</summary>
    public MlOpsException At(string? file, long? line, long? column, string? message = null) =>
        new(message ?? Message, file, line, Fix, Diagnostic, column, this, Inputs);

    /// <summary>
    /// One line in the conventional compiler format: <c>file(line,col): CODE: message Fix: ... [how to set it]</c>.
    /// </summary>
    /// <param name="howToSet">The caller's sentence for <see cref="Inputs"/> (for example "Use --positive good."), or null.</param>
    public string Describe(Func<IReadOnlyList<InputHint>, string?>? howToSet = null)
    {
        var where = File is null ? "" :
            Line is null ? $"{File}: " :
            Column is null ? $"{File}({Line}): " : $"{File}({Line},{Column}): ";
        var code = Code is null ? "" : $"{Code}: ";
        return $"{where}{code}{DescribeProblem(howToSet)}";
    }

    /// <summary>The message, the fix and the caller's way of setting the inputs, without the location and code
    /// (for callers that report those separately, as MSBuild does).</summary>
    /// <param name="howToSet">The caller's sentence for <see cref="Inputs"/>, or null.</param>
    public string DescribeProblem(Func<IReadOnlyList<InputHint>, string?>? howToSet = null)
    {
        var how = Inputs.Count > 0 ? howToSet?.Invoke(Inputs) : null;
        var fix = string.IsNullOrWhiteSpace(Fix) ? "" : $" Fix: {Fix.Trim()}";
        return $"{Message.TrimEnd()}{fix}{(string.IsNullOrEmpty(how) ? "" : " " + how)}";
    }
}
