using MlOps.Diagnostics;
namespace MlOps.Onnx;

/// <summary>
/// A parsed ONNX model (<c>ModelProto</c>). Load one with <see cref="Load"/> or <see cref="Parse(ReadOnlyMemory{byte})"/>;
/// large tensor data stays a slice of the source bytes. Immutable and thread-safe.
/// </summary>
public sealed class OnnxModel
{
    private readonly IReadOnlyList<OnnxOpset> _opsets = FrozenList<OnnxOpset>.Empty;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _metadata = FrozenList<KeyValuePair<string, string>>.Empty;

    /// <summary>The ONNX IR version the file declares.</summary>
    public long IrVersion { get; init; }

    /// <summary>The operator sets the model imports, in file order.</summary>
    public IReadOnlyList<OnnxOpset> Opsets { get => _opsets; init => _opsets = FrozenList<OnnxOpset>.Of(value); }

    /// <summary>The tool that wrote the model, for example "skl2onnx"; "" when absent.</summary>
    public string ProducerName { get; init; } = "";

    /// <summary>The version of that tool; "" when absent.</summary>
    public string ProducerVersion { get; init; } = "";

    /// <summary>The model's namespace domain (reverse-DNS by convention); "" when absent.</summary>
    public string Domain { get; init; } = "";

    /// <summary>The model's own version number; 0 when absent.</summary>
    public long ModelVersion { get; init; }

    /// <summary>The documentation string; "" when absent.</summary>
    public string DocString { get; init; } = "";

    /// <summary>The main graph.</summary>
    public required OnnxGraph Graph { get; init; }

    /// <summary>The metadata_props entries in file order (keys may repeat in hand-made files).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> MetadataProps { get => _metadata; init => _metadata = FrozenList<KeyValuePair<string, string>>.Of(value); }

    /// <summary>Fields this reader does not model (functions, training_info, configuration), kept byte for byte.</summary>
    internal IReadOnlyList<ReadOnlyMemory<byte>> Preserved { get; init; } = FrozenList<ReadOnlyMemory<byte>>.Empty;

    /// <summary>The opset version imported for a domain ("" or "ai.onnx" for the default), or null when not imported.</summary>
    public long? OpsetVersion(string domain)
    {
        var wanted = domain == "ai.onnx" ? "" : domain;
        foreach (var o in _opsets)
        {
            if ((o.Domain == "ai.onnx" ? "" : o.Domain) == wanted)
            {
                return o.Version;
            }
        }

        return null;
    }

    /// <summary>The last value of a metadata key, or null.</summary>
    public string? Metadata(string key)
    {
        string? value = null;
        foreach (var kv in _metadata)
        {
            if (kv.Key == key)
            {
                value = kv.Value;
            }
        }

        return value;
    }

    /// <summary>Reads and parses an .onnx file.</summary>
    /// <exception cref="MlOpsException">MLOPS101 when the file is missing, MLOPS102 when it is not an ONNX model, MLOPS103 when it is cut short.</exception>
    public static OnnxModel Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MlOpsException($"Model file '{path}' does not exist.", file: path,
                fix: "Check the path, or train and export the model first.", diagnostic: DiagnosticCatalog.ModelMissing, inner: e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MlOpsException($"Model file '{path}' cannot be read: {e.Message}", file: path,
                fix: "Check that the file is readable and not locked by another process.", diagnostic: DiagnosticCatalog.ModelMissing, inner: e);
        }

        return OnnxParser.Parse(bytes, path);
    }

    /// <summary>Parses the bytes of an .onnx file. The model keeps slices of <paramref name="bytes"/>: do not change them afterwards.</summary>
    /// <exception cref="MlOpsException">MLOPS102 when the bytes are not an ONNX model, MLOPS103 when they are cut short.</exception>
    public static OnnxModel Parse(ReadOnlyMemory<byte> bytes) => OnnxParser.Parse(bytes, null);

    /// <summary>Parses the bytes of an .onnx file, naming <paramref name="sourceName"/> in errors.</summary>
    /// <exception cref="MlOpsException">MLOPS102 when the bytes are not an ONNX model, MLOPS103 when they are cut short.</exception>
    public static OnnxModel Parse(ReadOnlyMemory<byte> bytes, string? sourceName) => OnnxParser.Parse(bytes, sourceName);

    /// <summary>Serializes the model (deterministically; unknown fields that were read are written back).</summary>
    public byte[] ToBytes() => OnnxWriter.Write(this);
}
