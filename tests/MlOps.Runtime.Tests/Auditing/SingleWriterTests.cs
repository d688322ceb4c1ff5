using System.Diagnostics;
using System.Globalization;
using MlOps.Diagnostics;
using MlOps.Runtime.Auditing;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Runtime.Tests.Auditing;

/// <summary>
/// One writer per log, whatever path reaches the file (issue 9, defect 1): a second writer through a symbolic link,
/// a hard link, a relative path through a link, or with .NET's file locking switched off, is refused before
/// it writes, and every record the first writer acknowledged is still in an intact chain.
/// </summary>
public class SingleWriterTests
{
    private const int FirstWriterRecords = 200;

    public static TheoryData<string> SecondPaths => new() { "symlink", "hardlink", "relative-path-through-a-link", "file-locking-disabled" };

    [Theory]
    [MemberData(nameof(SecondPaths))]
    public void A_second_writer_process_reaching_the_same_file_another_way_is_refused_and_loses_nothing(string how)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // links need privileges there; the Windows lock is owned by the file object in any case
        }
        using var dir = new TempFolder();
        var logs = Directory.CreateDirectory(dir.File("logs")).FullName;
        var path = Path.Combine(logs, "predictions.jsonl");

        using var first = WriterProcess.Start(path, FirstWriterRecords, hold: true);
        first.WaitUntilDone();

        // The second writer's way to the same file (created while the first one holds the log).
        (string Path, string? WorkingDirectory, Dictionary<string, string>? Environment) second = how switch
        {
            "symlink" => (Link(dir.File("current.jsonl"), path), null, null),
            "hardlink" => (HardLink(dir.File("elsewhere.jsonl"), path), null, null),
            "relative-path-through-a-link" => (RelativeThroughLink(dir, path), dir.File("work"), null),
            _ => (path, null, new Dictionary<string, string> { ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1" }),
        };
        var refused = WriterProcess.Run(second.Path, FirstWriterRecords, second.WorkingDirectory, second.Environment);

        Assert.True(refused.ExitCode == 3, $"the second writer was not refused (exit {refused.ExitCode}): {refused.Output}{refused.Error}");
        Assert.Contains("refused " + DiagnosticCatalog.AuditLogHasWriter.Id, refused.Error);
        Assert.Contains("already open for writing", refused.Error);
        Assert.DoesNotContain("ack ", refused.Output);

        first.Release();
        var result = AuditLogVerifier.Verify(path);
        Assert.True(result.Status == AuditLogStatus.Intact, $"{result.Status}: {result.Problem?.Message}");
        Assert.Equal(FirstWriterRecords, result.Records);
    }

    [Fact]
    public void A_second_AuditLog_through_a_symbolic_link_is_refused_in_the_same_process()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // symbolic links need a privilege there
        }
        using var dir = new TempFolder();
        var path = dir.File("predictions.jsonl");
        using var first = AuditLog.Open(path, AuditFixtures.Options());
        first.Append(AuditFixtures.Entry(1));
        var link = Link(dir.File("current.jsonl"), path);

        var e = Assert.Throws<MlOpsException>(() => AuditLog.Open(link, AuditFixtures.Options()));

        Assert.Same(DiagnosticCatalog.AuditLogHasWriter, e.Diagnostic);
        Assert.Equal(Path.GetFullPath(link), e.File);
        first.Append(AuditFixtures.Entry(2));
        first.Dispose();
        Assert.Equal(2, AuditLogVerifier.Verify(path).Records);
    }

    [Fact]
    public void A_second_AuditLog_through_a_linked_folder_is_refused_in_the_same_process()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // symbolic links need a privilege there
        }
        using var dir = new TempFolder();
        var path = Path.Combine(Directory.CreateDirectory(dir.File("logs")).FullName, "predictions.jsonl");
        using var first = AuditLog.Open(path, AuditFixtures.Options());
        Link(dir.File("alias"), dir.File("logs"));

        var e = Assert.Throws<MlOpsException>(() => AuditLog.Open(Path.Combine(dir.File("alias"), "predictions.jsonl"), AuditFixtures.Options()));
        Assert.Same(DiagnosticCatalog.AuditLogHasWriter, e.Diagnostic);
    }

    [Fact]
    public void The_lock_is_released_on_dispose_so_the_log_reopens_through_any_path()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // symbolic links need a privilege there
        }
        using var dir = new TempFolder();
        var path = dir.File("predictions.jsonl");
        var link = Link(dir.File("current.jsonl"), path);
        using (var log = AuditLog.Open(path, AuditFixtures.Options()))
        {
            log.Append(AuditFixtures.Entry(1));
        }
        using (var log = AuditLog.Open(link, AuditFixtures.Options()))
        {
            Assert.Equal(2, log.Append(AuditFixtures.Entry(2)).Sequence);
        }
        Assert.Equal(AuditLogStatus.Intact, AuditLogVerifier.Verify(path).Status);
    }

    [Fact]
    public void A_log_with_a_stale_lock_file_from_an_earlier_version_still_opens()
    {
        using var dir = new TempFolder();
        var path = dir.File("predictions.jsonl");
        AuditFixtures.WriteLog(path, 3);
        File.WriteAllText(path + ".lock", "");

        using var log = AuditLog.Open(path, AuditFixtures.Options());
        Assert.Equal(4, log.Append(AuditFixtures.Entry(4)).Sequence);
    }

    [Fact]
    public void A_live_log_stays_verifiable_while_its_writer_holds_the_lock()
    {
        using var dir = new TempFolder();
        var path = dir.File("predictions.jsonl");
        using var log = AuditLog.Open(path, AuditFixtures.Options());
        log.Append(AuditFixtures.Entry(1));
        Assert.Equal(AuditLogStatus.Intact, AuditLogVerifier.Verify(path).Status);
        Assert.Single(File.ReadAllLines(path));
    }

    [Fact]
    public void The_lock_file_fallback_of_systems_without_descriptor_locks_also_follows_links()
    {
        // macOS and the BSDs lock <real path>.lock with flock; exercise that method here too.
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        using var dir = new TempFolder();
        var path = Path.Combine(Directory.CreateDirectory(dir.File("logs")).FullName, "predictions.jsonl");
        Link(dir.File("alias"), dir.File("logs"));
        var link = Link(dir.File("current.jsonl"), path);

        using (AuditWriterLock.Acquire(path, AuditWriterLock.Method.RealPathLockFile))
        {
            var viaFile = Assert.Throws<MlOpsException>(() => AuditWriterLock.Acquire(link, AuditWriterLock.Method.RealPathLockFile));
            var viaFolder = Assert.Throws<MlOpsException>(() =>
                AuditWriterLock.Acquire(Path.Combine(dir.File("alias"), "predictions.jsonl"), AuditWriterLock.Method.RealPathLockFile));
            Assert.Same(DiagnosticCatalog.AuditLogHasWriter, viaFile.Diagnostic);
            Assert.Same(DiagnosticCatalog.AuditLogHasWriter, viaFolder.Diagnostic);
        }
        AuditWriterLock.Acquire(link, AuditWriterLock.Method.RealPathLockFile).Dispose();
    }

    private static string Link(string link, string target)
    {
        if (Directory.Exists(target))
        {
            Directory.CreateSymbolicLink(link, target);
        }
        else
        {
            File.CreateSymbolicLink(link, target);
        }
        return link;
    }

    // .NET has no API for hard links; ln is on every Unix.
    private static string HardLink(string link, string target)
    {
        using var ln = Process.Start(new ProcessStartInfo("ln") { ArgumentList = { target, link }, UseShellExecute = false })!;
        ln.WaitForExit();
        Assert.Equal(0, ln.ExitCode);
        Assert.True(File.Exists(link));
        return link;
    }

    // A relative path, from another working folder, that reaches logs/predictions.jsonl through a link. (A relative
    // path alone, or a link to the folder, names the same file as the absolute path even by its string once resolved.)
    private static string RelativeThroughLink(TempFolder dir, string path)
    {
        Directory.CreateDirectory(dir.File("work"));
        Link(dir.File("current.jsonl"), path);
        return Path.Combine("..", "current.jsonl");
    }

    /// <summary>The out-of-process writer (tests/MlOps.Runtime.AuditWriter).</summary>
    private sealed class WriterProcess : IDisposable
    {
        private readonly Process _process;

        private WriterProcess(Process process) => _process = process;

        public static WriterProcess Start(string path, int count, bool hold, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
        {
            var writer = Path.Combine(AppContext.BaseDirectory, "MlOps.Runtime.AuditWriter.dll");
            Assert.True(File.Exists(writer), $"the writer process is missing: {writer}");
            // dotnet test sets DOTNET_HOST_PATH to the dotnet that runs the tests; fall back to PATH.
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory ?? "",
            };
            foreach (var arg in new[] { writer, path, count.ToString(CultureInfo.InvariantCulture), "none", "", hold ? "hold" : "" })
            {
                start.ArgumentList.Add(arg);
            }
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[name] = value;
            }
            return new WriterProcess(Process.Start(start)!);
        }

        public static (int ExitCode, string Output, string Error) Run(string path, int count, string? workingDirectory, IReadOnlyDictionary<string, string>? environment)
        {
            using var writer = Start(path, count, hold: false, workingDirectory, environment);
            writer._process.StandardInput.Close();
            var error = writer._process.StandardError.ReadToEndAsync();
            var output = writer._process.StandardOutput.ReadToEnd();
            writer._process.WaitForExit();
            return (writer._process.ExitCode, output, error.Result);
        }

        /// <summary>Reads acknowledgements until the writer reports it wrote everything (and now holds the log).</summary>
        public void WaitUntilDone()
        {
            string? line;
            while ((line = _process.StandardOutput.ReadLine()) is not null)
            {
                if (line == "done")
                {
                    return;
                }
            }
            _process.WaitForExit();
            Assert.Fail($"the first writer stopped early (exit {_process.ExitCode}): {_process.StandardError.ReadToEnd()}");
        }

        /// <summary>Lets a holding writer close its log and exit.</summary>
        public void Release()
        {
            _process.StandardInput.Close();
            _process.WaitForExit();
            Assert.Equal(0, _process.ExitCode);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }
            _process.Dispose();
        }
    }
}
