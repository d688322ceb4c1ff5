namespace MlOps.Cli.Shell;

/// <summary>
/// Whether stderr is a person's terminal, so the tool may redraw a progress line there. mlops never writes colour or
/// other escape codes; the progress line's carriage returns are the only terminal control it uses, and only when
/// stderr is a terminal, TERM is not "dumb" and NO_COLOR (https://no-color.org) is not set: piped output, CI logs
/// and files get plain lines.
/// </summary>
internal static class Terminal
{
    /// <summary>True when a progress line may be drawn on stderr.</summary>
    public static bool ShowsProgress => !Console.IsErrorRedirected && Plain is false;

    /// <summary>True when the environment asks for plain output whatever the stream is: NO_COLOR set, or TERM=dumb.</summary>
    public static bool Plain =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        || string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
}
