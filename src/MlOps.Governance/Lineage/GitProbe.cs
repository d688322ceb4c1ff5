using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace MlOps.Governance.Lineage;

/// <summary>
/// Asks the git CLI about a folder's working tree. Git is optional: without it, or outside a repository,
/// the answer is null and the artefact records no commit.
/// </summary>
public static class GitProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The state of the repository containing <paramref name="directory"/>, or null.</summary>
    public static GitState? Probe(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }
        var root = Run(directory, "rev-parse", "--show-toplevel");
        if (root is null)
        {
            return null;
        }
        root = root.Trim();
        var commit = Run(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")?.Trim();
        if (string.IsNullOrEmpty(commit))
        {
            return new GitState(root, null, Dirty: true, null);
        }
        var status = Run(root, "status", "--porcelain", "--untracked-files=no");
        var time = Run(root, "log", "-1", "--format=%ct", "HEAD")?.Trim();
        long? commitTime = long.TryParse(time, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : null;
        return new GitState(root, commit, Dirty: status is null || status.Trim().Length > 0, commitTime);
    }

    /// <summary>
    /// The fetch URL of the <c>origin</c> remote of the repository containing <paramref name="directory"/>, without
    /// any user name or password in it (a token in a clone URL must never end up in a signed record), or null.
    /// </summary>
    public static string? RemoteUrl(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }
        var url = Run(directory, "config", "--get", "remote.origin.url")?.Trim();
        return string.IsNullOrEmpty(url) ? null : WithoutCredentials(url);
    }

    /// <summary><paramref name="url"/> without the <c>user:password@</c> part of an absolute URL.</summary>
    public static string WithoutCredentials(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 && !uri.IsFile
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;

    private static string? Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Never take the index lock: a build must not interfere with the developer's own git commands.
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        start.Environment["LC_ALL"] = "C";
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            Task.WaitAll(stdout, stderr);
            return process.ExitCode == 0 ? stdout.Result : null;
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
