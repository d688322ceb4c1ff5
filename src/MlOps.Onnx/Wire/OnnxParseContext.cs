using MlOps.Diagnostics;
namespace MlOps.Onnx;

/// <summary>The source of one parse: the bytes, where they start and end, and the name used in errors.</summary>
internal sealed class OnnxParseContext
{
    public OnnxParseContext(byte[] buffer, int start, int length, string? source)
    {
        Buffer = buffer;
        Start = start;
        FileEnd = start + length;
        Source = source;
    }

    public byte[] Buffer { get; }

    public int Start { get; }

    public int FileEnd { get; }

    public string? Source { get; }

    /// <summary>
    /// Set once the ModelProto's ir_version has been read: only then can running out of bytes mean "an ONNX
    /// file cut short" rather than "some other bytes" (exporters write ir_version first).
    /// </summary>
    public bool SawIrVersion { get; set; }

    /// <summary>An absolute array position as a byte offset into the file.</summary>
    public int Offset(int absolute) => absolute - Start;

    public ReadOnlyMemory<byte> Slice(int start, int length) => new(Buffer, start, length);

    private string Name => Source is null ? "The data" : $"'{Source}'";

    public MlOpsException NotOnnx(string detail, Exception? inner = null) =>
        new($"{Name} is not an ONNX model: {detail}.", file: Source,
            fix: "Pass the .onnx file the exporter wrote (not a zip, text or other protobuf file); re-export it if it is damaged.",
            diagnostic: DiagnosticCatalog.NotOnnx, inner: inner);

    public MlOpsException Truncated(string detail, Exception? inner = null) => !SawIrVersion
        ? NotOnnx($"it ends in the middle of {detail} and does not start like an ONNX model", inner)
        : new($"{Name} is a truncated ONNX model: it ends in the middle of {detail}.", file: Source,
            fix: "The file was cut short (an interrupted copy or download); copy or export it again.",
            diagnostic: DiagnosticCatalog.TruncatedOnnx, inner: inner);
}
