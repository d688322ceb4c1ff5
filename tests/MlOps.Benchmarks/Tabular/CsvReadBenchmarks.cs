using BenchmarkDotNet.Attributes;
using MlOps.Governance.Tabular;
using nietras.SeparatedValues;

namespace MlOps.Benchmarks.Tabular;

/// <summary>
/// The drift benchmark's read: every row of the 1M-row reference table (eng/bench/evidence-gen.py), the nine numeric
/// columns parsed to doubles and the five categorical ones read as text. Our CSV reader against Sep 0.18 on the same
/// file, and the Parquet reader on the same table as Parquet. Run by eng/bench/parquet.sh (MLOPS_BENCH_DATA is the
/// folder holding reference.csv and reference.parquet).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
[MemoryDiagnoser]
public class CsvReadBenchmarks
{
    private static readonly string[] NumericColumns = ["income", "balance", "ratio", "score_a", "score_b", "weight", "age", "hours", "children"];
    private static readonly string[] TextColumns = ["sex", "region", "job", "education", "housing"];

    private readonly string _folder = Environment.GetEnvironmentVariable("MLOPS_BENCH_DATA") ?? "/tmp/mlops-parquet-bench-1000000";

    [GlobalSetup]
    public void Setup() => MlOps.Parquet.ParquetFormat.Register();

    /// <summary>MlOps.Governance's hand-written CSV reader.</summary>
    [Benchmark(Baseline = true)]
    public double MlOpsCsvReader() => Read(Path.Combine(_folder, "reference.csv"));

    /// <summary>The Parquet reader on the same table.</summary>
    [Benchmark]
    public double MlOpsParquetReader() => Read(Path.Combine(_folder, "reference.parquet"));

    /// <summary>Sep 0.18 (its fast float parser; quotes parsed as RFC 4180, like ours).</summary>
    [Benchmark]
    public double Sep018()
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromFile(Path.Combine(_folder, "reference.csv"));
        var numeric = NumericColumns.Select(reader.Header.IndexOf).ToArray();
        var text = TextColumns.Select(reader.Header.IndexOf).ToArray();
        double sum = 0;
        foreach (var row in reader)
        {
            foreach (var c in numeric)
            {
                sum += row[c].TryParse<double>() ?? throw new InvalidDataException("not a number");
            }
            foreach (var c in text)
            {
                sum += row[c].Span.Length;
            }
        }
        return sum;
    }

    private static double Read(string path)
    {
        using var reader = TableReader.Open(path);
        var numeric = NumericColumns.Select(reader.ColumnIndex).ToArray();
        var text = TextColumns.Select(reader.ColumnIndex).ToArray();
        double sum = 0;
        while (reader.Read())
        {
            foreach (var c in numeric)
            {
                sum += reader.TryGetNumber(c, out var value) ? value : throw new InvalidDataException("not a number");
            }
            foreach (var c in text)
            {
                sum += reader.GetSpan(c).Length;
            }
        }
        return sum;
    }
}
