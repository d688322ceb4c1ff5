using System.Text;
using MlOps.IO;
using MlOps.Diagnostics;

namespace MlOps.Onnx;

/// <summary>
/// Adds or replaces <c>metadata_props</c> entries of an ONNX model while copying every other top-level
/// field byte for byte, so the graph, weights and unknown fields come out exactly as they went in.
/// </summary>
public static class OnnxMetadataWriter
{
    private const int MetadataField = 14;

    /// <summary>
    /// Returns the model with <paramref name="entries"/> set. An existing key keeps its position and gets the new
    /// value (later duplicates of that key are dropped); new keys are appended in ordinal key order. When
    /// <paramref name="entries"/> names a key twice, the last value wins. The same inputs always give the same bytes.
    /// </summary>
    /// <param name="model">The bytes of an .onnx file.</param>
    /// <param name="entries">The entries to set.</param>
    /// <param name="sourceName">The file name used in error messages, if any.</param>
    /// <exception cref="MlOpsException">MLOPS102 when <paramref name="model"/> is not an ONNX model, MLOPS103 when it is cut short.</exception>
    public static byte[] WithMetadata(ReadOnlySpan<byte> model, IEnumerable<KeyValuePair<string, string>> entries, string? sourceName = null) =>
        Rewrite(model.ToArray(), entries, sourceName);

    /// <summary>
    /// <see cref="WithMetadata(ReadOnlySpan{byte}, IEnumerable{KeyValuePair{string, string}}, string?)"/> for a byte
    /// array, read in place (no copy of the input; <paramref name="model"/> is not changed).
    /// </summary>
    /// <exception cref="MlOpsException">MLOPS102 when <paramref name="model"/> is not an ONNX model, MLOPS103 when it is cut short.</exception>
    public static byte[] WithMetadata(byte[] model, IEnumerable<KeyValuePair<string, string>> entries, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Rewrite(model, entries, sourceName);
    }

    private static byte[] Rewrite(byte[] bytes, IEnumerable<KeyValuePair<string, string>> entries, string? sourceName)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in entries)
        {
            ArgumentNullException.ThrowIfNull(kv.Key, nameof(entries));
            wanted[kv.Key] = kv.Value ?? "";
        }

        // Validate the whole model first: bad input must fail with MLOPS102/103, never produce output.
        OnnxParser.Parse(bytes, sourceName);

        var context = new OnnxParseContext(bytes, 0, bytes.Length, sourceName);
        var pieces = new List<Piece>();
        var written = new HashSet<string>(StringComparer.Ordinal);
        var reader = new ProtoFieldReader(context, 0, bytes.Length, "the ModelProto");
        while (reader.Next(out var field))
        {
            if (field.Number == MetadataField && field.WireType == Google.Protobuf.WireFormat.WireType.LengthDelimited)
            {
                var key = KeyOf(context, field);
                if (wanted.TryGetValue(key, out var value))
                {
                    if (written.Add(key))
                    {
                        pieces.Add(new Piece(default, new KeyValuePair<string, string>(key, value)));
                    }

                    continue;
                }
            }

            pieces.Add(new Piece(new ReadOnlyMemory<byte>(bytes, field.TagStart, field.End - field.TagStart), null));
        }

        foreach (var key in wanted.Keys.Where(k => !written.Contains(k)).OrderBy(k => k, StringComparer.Ordinal))
        {
            pieces.Add(new Piece(default, new KeyValuePair<string, string>(key, wanted[key])));
        }

        return ProtoWriter.Write(pieces, static (w, pieces) =>
        {
            foreach (var p in pieces)
            {
                if (p.Entry is { } entry)
                {
                    w.MessageField(MetadataField, entry, OnnxWriter.Entry);
                }
                else
                {
                    w.Raw(p.Original.Span);
                }
            }
        });
    }

    /// <summary>
    /// Reads <paramref name="sourcePath"/>, sets <paramref name="entries"/> and writes the result to
    /// <paramref name="destinationPath"/> atomically (the two paths may be the same).
    /// </summary>
    /// <exception cref="MlOpsException">MLOPS101 when the source is missing, MLOPS102/MLOPS103 when it is not a whole ONNX model; no code when the destination cannot be written.</exception>
    public static void RewriteFile(string sourcePath, string destinationPath, IEnumerable<KeyValuePair<string, string>> entries)
    {
        byte[] source;
        try
        {
            source = File.ReadAllBytes(sourcePath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MlOpsException($"Model file '{sourcePath}' does not exist.", file: sourcePath,
                fix: "Check the path, or train and export the model first.", diagnostic: DiagnosticCatalog.ModelMissing, inner: e);
        }

        AtomicFile.Write(destinationPath, WithMetadata(source, entries, sourcePath), createFolder: true);
    }

    private static string KeyOf(OnnxParseContext context, in ProtoField field)
    {
        var key = "";
        var r = new ProtoFieldReader(context, field.ContentStart, field.ContentLength, "a metadata_props entry");
        while (r.Next(out var f))
        {
            if (f.Number == 1 && f.WireType == Google.Protobuf.WireFormat.WireType.LengthDelimited)
            {
                key = Encoding.UTF8.GetString(context.Buffer, f.ContentStart, f.ContentLength);
            }
        }

        return key;
    }

    private readonly record struct Piece(ReadOnlyMemory<byte> Original, KeyValuePair<string, string>? Entry);
}
