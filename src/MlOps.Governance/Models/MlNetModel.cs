using System.IO.Compression;
using System.Text;
using MlOps.Diagnostics;

namespace MlOps.Governance.Models;

/// <summary>
/// What can be known of an ML.NET model (.zip) without loading ML.NET (docs/mlnet-models.md): that it is one (a ZIP
/// with <c>TransformerChain/Model.key</c>), its input schema (the binary "Schema" entry), the ML.NET version that saved
/// it (<c>TrainingInfo/Version.txt</c>), what kind of predictor ends its transformer chain (from the loader signatures
/// in the <c>Model.key</c> headers) and so, best effort, its outputs; and the <c>mlops.*</c> metadata an artefact's
/// packaged model carries (entries under <see cref="MetadataFolder"/>). MSBuild loads this: it must never need ML.NET.
/// </summary>
public sealed class MlNetModel
{
    /// <summary>The folder of the entries that carry the packaged model's metadata, one entry per key (<see cref="ModelMetadataKeys"/>).</summary>
    public const string MetadataFolder = "MlOps/";

    /// <summary>The entry ML.NET writes the input schema to (ModelOperationsCatalog.SchemaEntryName).</summary>
    public const string SchemaEntry = "Schema";

    /// <summary>The root of the transformer chain ML.NET saves (CompositeDataLoader.TransformerDirectory).</summary>
    public const string ChainEntry = "TransformerChain/Model.key";

    private const string VersionEntry = "TrainingInfo/Version.txt";
    private const long MaxEntryBytes = 256L << 20;

    private readonly IReadOnlyDictionary<string, string> _metadata;

    private MlNetModel(IReadOnlyList<MlNetColumn> inputs, IReadOnlyList<TensorSignature> outputs, string task, string mlNetVersion,
        IReadOnlyDictionary<string, string> metadata)
    {
        Inputs = inputs;
        Outputs = outputs;
        Task = task;
        MlNetVersion = mlNetVersion;
        _metadata = metadata;
    }

    /// <summary>The input columns, in schema order (for a name saved twice, the visible last one).</summary>
    public IReadOnlyList<MlNetColumn> Inputs { get; }

    /// <summary>The outputs as far as they can be told without ML.NET (<see cref="MlNetOutputs"/>).</summary>
    public IReadOnlyList<TensorSignature> Outputs { get; }

    /// <summary>The predictor's task: <c>binary</c>, <c>regression</c>, <c>multiclass</c>, ... or <c>unknown</c>.</summary>
    public string Task { get; }

    /// <summary>The ML.NET version that saved the model, or "".</summary>
    public string MlNetVersion { get; }

    /// <summary>The packaged model's metadata value for <paramref name="key"/>, or null.</summary>
    public string? Metadata(string key) => _metadata.TryGetValue(key, out var value) ? value : null;

    /// <summary>Whether <paramref name="bytes"/> are a ZIP archive with an ML.NET transformer chain.</summary>
    public static bool Recognises(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (!ModelFormats.IsZip(bytes))
        {
            return false;
        }
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            return zip.GetEntry(ChainEntry) is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Reads the model <paramref name="bytes"/> that <paramref name="source"/> names (a path, or artefact!member).</summary>
    /// <exception cref="MlOpsException">MLOPS147: not a ZIP, not an ML.NET model, no input schema, or a damaged schema; the message names what is missing.</exception>
    public static MlNetModel Read(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (!ModelFormats.IsZip(bytes))
        {
            throw Bad(source, "it is not a ZIP archive, and ML.NET saves its models as ZIP archives");
        }
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.GetEntry(ChainEntry) is null)
            {
                throw Bad(source, $"it is a ZIP archive without the entry '{ChainEntry}' (the transformer chain ML.NET's Model.Save writes)");
            }
            var schema = zip.GetEntry(SchemaEntry)
                ?? throw Bad(source, $"it has no input schema (the entry '{SchemaEntry}'): it was saved without one, as Model.Save(model, null, path) does");
            IReadOnlyList<MlNetColumn> columns;
            try
            {
                columns = MlNetSchemaReader.Read(ReadAll(schema, source));
            }
            catch (InvalidDataException e)
            {
                throw Bad(source, $"its input schema (the entry '{SchemaEntry}') is not an ML.NET binary schema: {e.Message}");
            }
            // ML.NET keeps hidden columns when it saves a schema; the one a name means is the last one (the visible one).
            var last = columns.Select((c, i) => (c, i)).GroupBy(x => x.c.Name, StringComparer.Ordinal).Select(g => g.Last()).OrderBy(x => x.i).Select(x => x.c).ToList();
            var (task, outputs) = MlNetOutputs.Of(zip);
            var version = zip.GetEntry(VersionEntry) is { } v ? Encoding.UTF8.GetString(ReadAll(v, source)).Trim() : "";
            var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith(MetadataFolder, StringComparison.Ordinal)))
            {
                metadata[entry.FullName[MetadataFolder.Length..]] = Encoding.UTF8.GetString(ReadAll(entry, source));
            }
            return new MlNetModel(last, outputs, task, version, metadata);
        }
        catch (InvalidDataException e)
        {
            throw Bad(source, $"it is not a readable ZIP archive ({e.Message})");
        }
    }

    /// <summary>
    /// Refuses a model a table cannot feed (MLOPS148: names the column and its type): every input must be a scalar or
    /// fixed-size vector of Single, Double, Int32, Int64, Boolean or String.
    /// </summary>
    public void EnsureScorable(string source)
    {
        if (Inputs.FirstOrDefault(c => !c.IsScorable) is { } column)
        {
            throw new MlOpsException(
                $"The ML.NET model's input column '{column.Name}' is of type {column.TypeText}, which cannot be scored from a table " +
                "(inputs must be Single, Double, Int32, Int64, Boolean or String, or fixed-size vectors of them).",
                source, fix: "Give the model's pipeline inputs of those types and convert inside the pipeline (for example with ConvertType or MapValueToKey), or score the model from code with ML.NET.",
                diagnostic: DiagnosticCatalog.UnscorableMlNetColumn, inputs: [UserInputs.Model]);
        }
    }

    internal static byte[] ReadAll(ZipArchiveEntry entry, string source)
    {
        if (entry.Length > MaxEntryBytes)
        {
            throw Bad(source, $"its entry '{entry.FullName}' is implausibly large ({entry.Length} bytes)");
        }
        using var stream = entry.Open();
        var buffer = new MemoryStream((int)entry.Length);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static MlOpsException Bad(string source, string why) =>
        new($"'{source}' is not an ML.NET model this version can read: {why}.", source,
            fix: "Pass the .zip ML.NET's Model.Save wrote, saved with the input schema: mlContext.Model.Save(model, data.Schema, path). A damaged file must be saved again.",
            diagnostic: DiagnosticCatalog.NotAnMlNetModel, inputs: [UserInputs.Model]);
}
