using System.Diagnostics;
using MlOps.Runtime.Auditing;

namespace MlOps.Cli.Tests.Audit;

/// <summary>`mlops audit verify`, run as a real process (stdout/stderr and exit codes as a script sees them).</summary>
public sealed class AuditVerifyCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlops-cli-audit-" + Guid.NewGuid().ToString("N"));

    public AuditVerifyCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteLog(string name, int records, long? maxSegmentBytes = null)
    {
        var path = Path.Combine(_dir, name);
        var options = new AuditLogOptions
        {
            TimeProvider = new FixedClock(),
            MaxSegmentBytes = maxSegmentBytes,
        };
        using var log = AuditLog.Open(path, options);
        for (var i = 0; i < records; i++)
        {
            log.Append(new AuditEntry("credit", "1.0.0", new string('d', 64), AuditJson.FromNumbers([i]), AuditJson.FromNumbers([0.5]))
            {
                Caller = "cli-tests",
            });
        }
        return path;
    }

    [Fact]
    public void An_intact_log_exits_0_and_prints_the_chain_head()
    {
        var path = WriteLog("audit.jsonl", 25, maxSegmentBytes: 2000);
        var (exit, stdout, _) = Mlops("audit", "verify", path);
        Assert.Equal(0, exit);
        Assert.Contains("intact: 25 records in", stdout);
        Assert.Contains("head 25 ", stdout);
    }

    [Fact]
    public void An_edited_record_exits_1_naming_the_line_and_what()
    {
        var path = WriteLog("audit.jsonl", 5);
        var lines = File.ReadAllLines(path);
        lines[2] = lines[2].Replace("\"rows\":1", "\"rows\":2", StringComparison.Ordinal);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");

        var (exit, stdout, _) = Mlops("audit", "verify", path);
        Assert.Equal(1, exit);
        Assert.Contains("audit.jsonl(3): chain broken (edited): Record 3 at line 3 was edited", stdout);
    }

    [Fact]
    public void A_torn_tail_exits_1_and_says_so()
    {
        var path = WriteLog("audit.jsonl", 5);
        File.AppendAllText(path, "{\"seq\":6,\"ts\":");
        var (exit, stdout, _) = Mlops("audit", "verify", path);
        Assert.Equal(1, exit);
        Assert.Contains("audit.jsonl(6): torn tail", stdout);
    }

    [Fact]
    public void A_folder_verifies_every_log_and_fails_if_any_is_broken()
    {
        WriteLog("a.jsonl", 3);
        var b = WriteLog("b.jsonl", 3);
        var lines = File.ReadAllLines(b);
        File.WriteAllText(b, string.Join("\n", new[] { lines[0], lines[2] }) + "\n");

        var (exit, stdout, _) = Mlops("audit", "verify", _dir);
        Assert.Equal(1, exit);
        Assert.Contains("a.jsonl: intact: 3 records", stdout);
        Assert.Contains("b.jsonl(2): chain broken (deleted): Record 2 is missing", stdout);
    }

    [Fact]
    public void A_file_that_is_not_an_audit_log_exits_2()
    {
        var path = Path.Combine(_dir, "notes.jsonl");
        File.WriteAllText(path, "hello\nworld\n");
        var (exit, stdout, stderr) = Mlops("audit", "verify", path);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("Not an audit log", stderr);
    }

    [Fact]
    public void A_missing_path_exits_2()
    {
        var (exit, _, stderr) = Mlops("audit", "verify", Path.Combine(_dir, "nope.jsonl"));
        Assert.Equal(2, exit);
        Assert.Contains("nope.jsonl", stderr);
    }

    private static (int Exit, string Stdout, string Stderr) Mlops(params string[] args)
    {
        // dotnet test sets DOTNET_HOST_PATH to the dotnet that runs the tests; fall back to PATH.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mlops.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
