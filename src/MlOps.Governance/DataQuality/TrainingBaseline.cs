using System.Text.Json;
using MlOps.Diagnostics;
using MlOps.Governance.Evidence;

namespace MlOps.Governance.DataQuality;

/// <summary>What the data-quality checks take from a drift baseline: per column its training range or categories.</summary>
/// <remarks>
/// Read from the baseline's JSON through <see cref="EvidenceFile"/> (the format docs/evidence.md describes), not through
/// the Drift room: the stages stand on one floor and do not use each other.
/// </remarks>
public sealed class TrainingBaseline
{
    private readonly Dictionary<string, BaselineColumn> _columns;

    private TrainingBaseline(EvidenceFile file, Dictionary<string, BaselineColumn> columns)
    {
        _columns = columns;
        var data = file.Root.GetProperty("data");
        Data = new DataReference(Text(data, "file") ?? "", Text(data, "sha256"), data.GetProperty("rows").GetInt64());
    }

    /// <summary>The training data the baseline profiles.</summary>
    public DataReference Data { get; }

    /// <summary>The profile of <paramref name="column"/>, or null when the baseline has none.</summary>
    public BaselineColumn? Column(string column) => _columns.GetValueOrDefault(column);

    /// <summary>Reads the drift-baseline evidence at <paramref name="path"/>.</summary>
    /// <exception cref="MlOpsException">Missing, malformed, or evidence of another kind (MLOPS111).</exception>
    public static TrainingBaseline Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new MlOpsException($"The baseline file '{path}' does not exist.", path,
                fix: "Check the path: give the drift-baseline evidence the baseline stage wrote from the training data.",
                inputs: [UserInputs.Baseline]);
        }
        var file = EvidenceFile.Load(path);
        if (file.Kind != EvidenceKinds.DriftBaseline)
        {
            throw new MlOpsException($"The file is '{file.Kind}' evidence, not a drift baseline.", path,
                fix: "Give the drift-baseline evidence the baseline stage wrote from the training data.",
                diagnostic: DiagnosticCatalog.EvidenceMalformed, inputs: [UserInputs.Baseline]);
        }
        try
        {
            var columns = new Dictionary<string, BaselineColumn>(StringComparer.Ordinal);
            foreach (var feature in file.Root.GetProperty("features").EnumerateObject())
            {
                var f = feature.Value;
                columns[feature.Name] = f.GetProperty("type").GetString() == "numeric"
                    ? new BaselineColumn(true, Number(f, "min"), Number(f, "max"), null)
                    : new BaselineColumn(false, double.NaN, double.NaN,
                        f.GetProperty("otherCount").GetInt64() == 0
                            ? f.GetProperty("frequencies").EnumerateObject().Select(p => p.Name).ToList()
                            : null);
            }
            return new TrainingBaseline(file, columns);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new MlOpsException($"The baseline file is malformed: {e.Message}", path,
                fix: "Profile the training data again to recreate it; do not edit it by hand.",
                diagnostic: DiagnosticCatalog.EvidenceMalformed, inner: e, inputs: [UserInputs.Baseline]);
        }
    }

    private static double Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>One column of a drift baseline.</summary>
/// <param name="IsNumeric">Whether the baseline profiled it as numbers.</param>
/// <param name="Min">Numeric: the training minimum.</param>
/// <param name="Max">Numeric: the training maximum.</param>
/// <param name="Categories">Categorical: every training category, or null when the baseline kept only the most frequent.</param>
public sealed record BaselineColumn(bool IsNumeric, double Min, double Max, IReadOnlyList<string>? Categories);

/// <summary>How evidence names a data set: file name, sha256, rows.</summary>
/// <param name="File">The bare file name.</param>
/// <param name="Sha256">Its sha256, or null.</param>
/// <param name="Rows">Its rows.</param>
public sealed record DataReference(string File, string? Sha256, long Rows);
