using System.Diagnostics;
using System.Globalization;
using MlOps.Runtime.Auditing;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Runtime.Tests.Auditing;

/// <summary>SIGKILL a writer process mid-stream: nothing it acknowledged may be lost.</summary>
public class CrashTests
{
    [Theory]
    [InlineData("always", null)]
    [InlineData("batched", null)]
    [InlineData("none", 200_000L)]
    public void Killing_the_writer_loses_no_acknowledged_record(string durability, long? maxSegmentBytes)
    {
        using var dir = new TempFolder();
        var path = dir.File("audit.jsonl");
        var writer = Path.Combine(AppContext.BaseDirectory, "MlOps.Runtime.AuditWriter.dll");
        Assert.True(File.Exists(writer), $"the writer process is missing: {writer}");

        // dotnet test sets DOTNET_HOST_PATH to the dotnet that runs the tests; fall back to PATH.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { writer, path, "10000", durability, maxSegmentBytes?.ToString(CultureInfo.InvariantCulture) ?? "" })
        {
            if (arg.Length > 0)
            {
                start.ArgumentList.Add(arg);
            }
        }

        long lastAck = 0;
        var killed = false;
        using (var process = Process.Start(start)!)
        {
            // Kill at a point that depends on the mode's speed: some hundreds of records in, well before 10,000.
            var killAfter = durability == "always" ? 300 : 2_000;
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                if (line.StartsWith("ack ", StringComparison.Ordinal))
                {
                    lastAck = long.Parse(line[4..], CultureInfo.InvariantCulture);
                    if (lastAck == killAfter)
                    {
                        process.Kill(); // SIGKILL on Unix: no finally blocks, no flush, no dispose.
                        killed = true;
                        break;
                    }
                }
            }
            process.WaitForExit();
            Assert.True(killed, "the writer finished before it could be killed: " + process.StandardError.ReadToEnd());
        }

        var result = AuditLogVerifier.Verify(path);
        Assert.True(result.Status is AuditLogStatus.Intact or AuditLogStatus.TornTail,
            $"{result.Status}: {result.Problem?.Message}");
        Assert.True(result.LastSequence >= lastAck, $"acknowledged {lastAck} but the log holds only {result.LastSequence}");

        // The log can be continued after the crash (repairing a torn tail if there is one).
        using (var log = AuditLog.Open(path, new AuditLogOptions { RepairTornTail = true, MaxSegmentBytes = maxSegmentBytes }))
        {
            Assert.Equal(result.LastSequence + 1, log.Append(AuditFixtures.Entry(0)).Sequence);
        }
        Assert.Equal(AuditLogStatus.Intact, AuditLogVerifier.Verify(path).Status);
    }
}
