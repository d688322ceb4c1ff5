namespace MlOps.Onnx.Tests.Io;

/// <summary>
/// Deep structural comparison of parsed models: every modelled field, every tensor byte and every preserved
/// unknown field. Returns the paths that differ so a failing round trip says where.
/// </summary>
internal static class OnnxStructure
{
    public static List<string> Differences(OnnxModel a, OnnxModel b, bool compareMetadata = true)
    {
        var d = new List<string>();
        Eq(d, "ir_version", a.IrVersion, b.IrVersion);
        Eq(d, "producer_name", a.ProducerName, b.ProducerName);
        Eq(d, "producer_version", a.ProducerVersion, b.ProducerVersion);
        Eq(d, "domain", a.Domain, b.Domain);
        Eq(d, "model_version", a.ModelVersion, b.ModelVersion);
        Eq(d, "doc_string", a.DocString, b.DocString);
        Seq(d, "opset_import", a.Opsets, b.Opsets, (d, p, x, y) => Eq(d, p, x, y));
        if (compareMetadata)
        {
            Seq(d, "metadata_props", a.MetadataProps, b.MetadataProps, (d, p, x, y) => Eq(d, p, x, y));
        }

        Bytes(d, "model.preserved", a.Preserved, b.Preserved);
        Graph(d, "graph", a.Graph, b.Graph);
        return d;
    }

    public static List<string> Differences(OnnxGraph a, OnnxGraph b)
    {
        var d = new List<string>();
        Graph(d, "graph", a, b);
        return d;
    }

    private static void Graph(List<string> d, string p, OnnxGraph a, OnnxGraph b)
    {
        Eq(d, p + ".name", a.Name, b.Name);
        Eq(d, p + ".doc_string", a.DocString, b.DocString);
        Seq(d, p + ".node", a.Nodes, b.Nodes, Node);
        Seq(d, p + ".initializer", a.Initializers, b.Initializers, Tensor);
        Seq(d, p + ".input", a.Inputs, b.Inputs, ValueInfo);
        Seq(d, p + ".output", a.Outputs, b.Outputs, ValueInfo);
        Seq(d, p + ".value_info", a.ValueInfo, b.ValueInfo, ValueInfo);
        Bytes(d, p + ".preserved", a.Preserved, b.Preserved);
    }

    private static void Node(List<string> d, string p, OnnxNode a, OnnxNode b)
    {
        Eq(d, p + ".name", a.Name, b.Name);
        Eq(d, p + ".op_type", a.OpType, b.OpType);
        Eq(d, p + ".domain", a.Domain, b.Domain);
        Eq(d, p + ".doc_string", a.DocString, b.DocString);
        Seq(d, p + ".input", a.Inputs, b.Inputs, (d, p, x, y) => Eq(d, p, x, y));
        Seq(d, p + ".output", a.Outputs, b.Outputs, (d, p, x, y) => Eq(d, p, x, y));
        Seq(d, p + ".attribute", a.Attributes, b.Attributes, Attribute);
        Bytes(d, p + ".preserved", a.Preserved, b.Preserved);
    }

    private static void Attribute(List<string> d, string p, OnnxAttribute a, OnnxAttribute b)
    {
        Eq(d, p + ".name", a.Name, b.Name);
        Eq(d, p + ".type", a.Type, b.Type);
        Eq(d, p + ".doc_string", a.DocString, b.DocString);
        Eq(d, p + ".ref_attr_name", a.RefAttrName, b.RefAttrName);
        switch (a.Type)
        {
            case OnnxAttributeType.Float: Eq(d, p + ".f", BitConverter.SingleToInt32Bits(a.Float), BitConverter.SingleToInt32Bits(b.Float)); break;
            case OnnxAttributeType.Int: Eq(d, p + ".i", a.Int, b.Int); break;
            case OnnxAttributeType.String: Eq(d, p + ".s", Convert.ToHexString(a.StringBytes.Span), Convert.ToHexString(b.StringBytes.Span)); break;
            case OnnxAttributeType.Tensor: Pair(d, p + ".t", a.Tensor, b.Tensor, Tensor); break;
            case OnnxAttributeType.Graph: Pair(d, p + ".g", a.Graph, b.Graph, Graph); break;
            case OnnxAttributeType.Floats: Seq(d, p + ".floats", a.Floats.Select(BitConverter.SingleToInt32Bits).ToList(), b.Floats.Select(BitConverter.SingleToInt32Bits).ToList(), (d, p, x, y) => Eq(d, p, x, y)); break;
            case OnnxAttributeType.Ints: Seq(d, p + ".ints", a.Ints, b.Ints, (d, p, x, y) => Eq(d, p, x, y)); break;
            case OnnxAttributeType.Strings: Bytes(d, p + ".strings", a.StringsBytes, b.StringsBytes); break;
            case OnnxAttributeType.Tensors: Seq(d, p + ".tensors", a.Tensors, b.Tensors, Tensor); break;
            case OnnxAttributeType.Graphs: Seq(d, p + ".graphs", a.Graphs, b.Graphs, Graph); break;
        }

        Bytes(d, p + ".preserved", a.Preserved, b.Preserved);
    }

    private static void Tensor(List<string> d, string p, OnnxTensor a, OnnxTensor b)
    {
        Eq(d, p + ".name", a.Name, b.Name);
        Eq(d, p + ".data_type", a.DataType, b.DataType);
        Eq(d, p + ".dims", string.Join(",", a.Dims), string.Join(",", b.Dims));
        Eq(d, p + ".doc_string", a.DocString, b.DocString);
        Eq(d, p + ".has_raw_data", a.HasRawData, b.HasRawData);
        Eq(d, p + ".raw_data", Hash(a.RawData.Span), Hash(b.RawData.Span));
        Eq(d, p + ".float_data", Hash(a.FloatData.Span), Hash(b.FloatData.Span));
        Eq(d, p + ".double_data", Hash(a.DoubleData.Span), Hash(b.DoubleData.Span));
        Eq(d, p + ".int32_data", string.Join(",", a.Int32Data), string.Join(",", b.Int32Data));
        Eq(d, p + ".int64_data", string.Join(",", a.Int64Data), string.Join(",", b.Int64Data));
        Eq(d, p + ".uint64_data", string.Join(",", a.UInt64Data), string.Join(",", b.UInt64Data));
        Bytes(d, p + ".string_data", a.StringData, b.StringData);
        Seq(d, p + ".external_data", a.ExternalData, b.ExternalData, (d, p, x, y) => Eq(d, p, x, y));
        Eq(d, p + ".data_location", a.DataLocation, b.DataLocation);
        Bytes(d, p + ".preserved", a.Preserved, b.Preserved);
    }

    private static void ValueInfo(List<string> d, string p, OnnxValueInfo a, OnnxValueInfo b)
    {
        Eq(d, p + ".name", a.Name, b.Name);
        Eq(d, p + ".doc_string", a.DocString, b.DocString);
        Pair(d, p + ".type", a.Type, b.Type, Type);
        Bytes(d, p + ".preserved", a.Preserved, b.Preserved);
    }

    private static void Type(List<string> d, string p, OnnxTypeInfo a, OnnxTypeInfo b)
    {
        Eq(d, p + ".kind", a.Kind, b.Kind);
        Eq(d, p + ".elem_type", a.ElementType, b.ElementType);
        Eq(d, p + ".shape", a.Shape is null ? "none" : string.Join(",", a.Shape.Select(Dim)), b.Shape is null ? "none" : string.Join(",", b.Shape.Select(Dim)));
        Eq(d, p + ".key_type", a.KeyType, b.KeyType);
        Eq(d, p + ".denotation", a.Denotation, b.Denotation);
        Pair(d, p + ".elem", a.Element, b.Element, Type);
        Pair(d, p + ".value", a.ValueType, b.ValueType, Type);
        Bytes(d, p + ".preserved", a.Preserved, b.Preserved);
    }

    private static string Dim(OnnxDim x) => $"{x.Value}|{x.Param}|{x.Denotation}";

    private static string Hash(ReadOnlySpan<byte> bytes) =>
        $"{bytes.Length}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))}";

    private static void Bytes(List<string> d, string p, IReadOnlyList<ReadOnlyMemory<byte>> a, IReadOnlyList<ReadOnlyMemory<byte>> b) =>
        Seq(d, p, a, b, (d, p, x, y) => Eq(d, p, Hash(x.Span), Hash(y.Span)));

    private static void Pair<T>(List<string> d, string p, T? a, T? b, Action<List<string>, string, T, T> compare)
        where T : class
    {
        if (a is null || b is null)
        {
            if (a is not null || b is not null)
            {
                d.Add($"{p}: {(a is null ? "absent" : "present")} vs {(b is null ? "absent" : "present")}");
            }

            return;
        }

        compare(d, p, a, b);
    }

    private static void Seq<T>(List<string> d, string p, IReadOnlyList<T> a, IReadOnlyList<T> b, Action<List<string>, string, T, T> compare)
    {
        if (a.Count != b.Count)
        {
            d.Add($"{p}: {a.Count} items vs {b.Count}");
            return;
        }

        for (var i = 0; i < a.Count; i++)
        {
            compare(d, $"{p}[{i}]", a[i], b[i]);
        }
    }

    private static void Eq<T>(List<string> d, string p, T a, T b)
    {
        if (!EqualityComparer<T>.Default.Equals(a, b))
        {
            d.Add($"{p}: '{a}' vs '{b}'");
        }
    }
}
