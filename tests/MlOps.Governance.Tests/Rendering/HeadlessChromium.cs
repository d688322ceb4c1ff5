using System.Diagnostics;
using System.Text;

namespace MlOps.Governance.Tests.Rendering;

/// <summary>
/// Runs Debian's chromium headless on a local HTML file: the DOM after load (--dump-dom), the console
/// messages (logged to stderr as "CONSOLE" lines) and a PNG screenshot. Every run gets a fresh profile
/// folder and no network features, so nothing leaks between runs or off the machine.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    /// <summary>The browser, or null when none is installed.</summary>
    public static string? Executable => Candidates.FirstOrDefault(File.Exists);

    /// <summary>Loads <paramref name="htmlPath"/> and returns the serialised DOM and every console line.</summary>
    public static (string Dom, IReadOnlyList<string> Console) DumpDom(string htmlPath)
    {
        var (stdout, stderr) = Run(["--enable-logging=stderr", "--v=0", "--dump-dom", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri]);
        var console = stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        return (stdout, console);
    }

    /// <summary>Renders <paramref name="htmlPath"/> into a PNG of the given window size.</summary>
    public static byte[] Screenshot(string htmlPath, int width, int height)
    {
        var png = Path.Combine(Path.GetTempPath(), $"mlops-card-{Guid.NewGuid():N}.png");
        try
        {
            Run([$"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars",
                new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri]);
            return File.ReadAllBytes(png);
        }
        finally
        {
            File.Delete(png);
        }
    }

    /// <summary>Prints <paramref name="htmlPath"/> to PDF (print media, A4 from the page's @page rule) and returns the page count.</summary>
    public static int PrintedPages(string htmlPath)
    {
        var pdf = Path.Combine(Path.GetTempPath(), $"mlops-card-{Guid.NewGuid():N}.pdf");
        try
        {
            Run([$"--print-to-pdf={pdf}", "--no-pdf-header-footer", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri]);
            // Each page is one "/Type /Page" object (the page tree is "/Type /Pages").
            return System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(pdf)), @"/Type\s*/Page(?!s)");
        }
        finally
        {
            File.Delete(pdf);
        }
    }

    private static (string Stdout, string Stderr) Run(IEnumerable<string> arguments)
    {
        var exe = Executable ?? throw new InvalidOperationException(
            "chromium is not installed (CI=true): run 'bash eng/install-test-deps.sh'.");
        var profile = Directory.CreateTempSubdirectory("mlops-chromium-");
        try
        {
            var start = new ProcessStartInfo(exe)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         $"--user-data-dir={profile.FullName}",
                     }.Concat(arguments))
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start)!;
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish within 60 s.");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {stderr}");
            }
            return (stdout.ToString(), stderr.ToString());
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // chromium may still hold a lock file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }
}
