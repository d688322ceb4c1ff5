using System.Text;
using Microsoft.Win32.SafeHandles;

namespace MlOps.Cli.Shell;

/// <summary>
/// What mlops may do to a terminal. It never writes colour. Its one terminal effect of its own is a progress line on
/// stderr redrawn with carriage returns, only when stderr is a terminal, TERM is not "dumb" and NO_COLOR
/// (https://no-color.org) is not set: piped output, CI logs and files get plain lines.
/// </summary>
internal static class Terminal
{
    /// <summary>True when a progress line may be drawn on stderr.</summary>
    public static bool ShowsProgress => !Console.IsErrorRedirected && Plain is false;

    /// <summary>True when the environment asks for plain output whatever the stream is: NO_COLOR set, or TERM=dumb.</summary>
    public static bool Plain =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        || string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);

    /// <summary>
    /// With NO_COLOR (or TERM=dumb) on Unix, writes stdout and stderr through plain file streams. .NET's own console
    /// streams, on a terminal, first send the terminal's keypad mode sequence (ESC [?1h ESC =, from terminfo), which
    /// then sits in a log captured through a pseudo-terminal; plain streams write exactly the text. Call first thing,
    /// before anything writes to the console.
    /// </summary>
    public static void UsePlainStreamsWhenAsked()
    {
        if (OperatingSystem.IsWindows() || !Plain)
        {
            return;
        }
        if (!Console.IsOutputRedirected)
        {
            Console.SetOut(PlainWriter(1));
        }
        if (!Console.IsErrorRedirected)
        {
            Console.SetError(PlainWriter(2));
        }
    }

    private static TextWriter PlainWriter(int descriptor) =>
        new StreamWriter(new FileStream(new SafeFileHandle(descriptor, ownsHandle: false), FileAccess.Write, bufferSize: 1),
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
}
