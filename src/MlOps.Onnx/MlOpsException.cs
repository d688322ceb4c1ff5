namespace MlOps;

/// <summary>
/// A problem with the user's input that the user can fix: a file, a field or a line that is wrong,
/// and what to do about it. Every layer throws this for bad input; the CLI turns it into exit code 2
/// and the MSBuild tasks into an MLOPS1xx error. It lives in the lowest assembly (MlOps.Onnx) so that
/// every other assembly can share it without a dependency pointing the wrong way.
/// </summary>
public class MlOpsException : Exception
{
    /// <summary>Creates an input error.</summary>
    /// <param name="message">What is wrong, in one sentence.</param>
    /// <param name="file">The file at fault, if any.</param>
    /// <param name="line">The 1-based line (or record) at fault, if any.</param>
    /// <param name="fix">What the user should do.</param>
    /// <param name="code">A diagnostic code (MLOPS1xx) when one applies.</param>
    /// <param name="column">The 1-based column at fault, if any.</param>
    /// <param name="inner">The underlying exception, kept for diagnostics only.</param>
    public MlOpsException(string message, string? file = null, long? line = null, string? fix = null,
        string? code = null, long? column = null, Exception? inner = null)
        : base(message, inner)
    {
        File = file;
        Line = line;
        Column = column;
        Fix = fix;
        Code = code;
    }

    /// <summary>The file at fault, if any.</summary>
    public string? File { get; }

    /// <summary>The 1-based line (or record number) at fault, if any.</summary>
    public long? Line { get; }

    /// <summary>The 1-based column at fault, if any.</summary>
    public long? Column { get; }

    /// <summary>What the user should do to fix it.</summary>
    public string? Fix { get; }

    /// <summary>The diagnostic code (for example MLOPS103), if any.</summary>
    public string? Code { get; }

    /// <summary>
    /// One line in the conventional compiler format: <c>file(line,col): CODE: message Fix: ...</c>.
    /// </summary>
    public string Describe()
    {
        var where = File is null ? "" :
            Line is null ? $"{File}: " :
            Column is null ? $"{File}({Line}): " : $"{File}({Line},{Column}): ";
        var code = Code is null ? "" : $"{Code}: ";
        var fix = string.IsNullOrWhiteSpace(Fix) ? "" : $" Fix: {Fix}";
        return $"{where}{code}{Message}{fix}";
    }
}
