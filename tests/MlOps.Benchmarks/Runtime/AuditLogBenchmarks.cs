using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MlOps.Runtime.Auditing;

namespace MlOps.Benchmarks.Runtime;

/// <summary>
/// Audit log throughput: records/s = 1 / (mean time per operation). Each invocation appends
/// <see cref="RecordsPerInvoke"/> records split over <see cref="Threads"/> threads, so with more than one
/// thread the Always policy shows group commit (one fsync shared by the records waiting for it).
/// Run: <c>dotnet run -c Release --project tests/MlOps.Benchmarks -- --filter '*AuditLogBenchmarks*'</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
public class AuditLogBenchmarks
{
    private const int RecordsPerInvoke = 2000;

    private string _dir = "";
    private AuditLog _log = null!;
    private AuditEntry _entry = null!;

    /// <summary>The fsync policy.</summary>
    [Params("Always", "Batched", "None")]
    public string Durability { get; set; } = "Always";

    /// <summary>Appending threads.</summary>
    [Params(1, 8)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "mlops-bench-audit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        var durability = Durability switch
        {
            "Batched" => AuditDurability.Batched(TimeSpan.FromMilliseconds(10), 256),
            "None" => AuditDurability.None,
            _ => AuditDurability.Always,
        };
        _log = AuditLog.Open(Path.Combine(_dir, "audit.jsonl"), new AuditLogOptions { Durability = durability });
        // A typical tabular prediction: 20 input features, two class probabilities.
        var input = AuditJson.FromNumbers(Enumerable.Range(0, 20).Select(i => i * 1.25).ToArray());
        var output = AuditJson.FromNumbers([0.8125, 0.1875]);
        _entry = new AuditEntry("german-credit", "1.4.0", new string('e', 64), input, output)
        {
            Caller = "bench",
            Latency = TimeSpan.FromMilliseconds(0.2),
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Appends a batch of records; reported time is per record.</summary>
    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public void Append()
    {
        if (Threads == 1)
        {
            for (var i = 0; i < RecordsPerInvoke; i++)
            {
                _log.Append(_entry);
            }
            return;
        }
        var per = RecordsPerInvoke / Threads;
        var workers = new Thread[Threads];
        for (var t = 0; t < Threads; t++)
        {
            workers[t] = new Thread(() =>
            {
                for (var i = 0; i < per; i++)
                {
                    _log.Append(_entry);
                }
            });
            workers[t].Start();
        }
        foreach (var w in workers)
        {
            w.Join();
        }
    }
}
