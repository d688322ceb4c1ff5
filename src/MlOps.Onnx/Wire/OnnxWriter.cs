using MlOps.IO;

namespace MlOps.Onnx;

/// <summary>
/// Serializes the <see cref="OnnxModel"/> object model to ModelProto bytes. Known fields are written in
/// field-number order (as protobuf's own serializers do), then preserved unknown fields verbatim; the
/// same model always gives the same bytes.
/// </summary>
public static class OnnxWriter
{
    /// <summary>The model's ModelProto bytes.</summary>
    public static byte[] Write(OnnxModel model) => ProtoWriter.Write(model, Model);

    /// <summary>Writes the model to <paramref name="path"/> atomically (temp file in the same folder, then rename).</summary>
    public static void Save(OnnxModel model, string path) => AtomicFile.Write(path, Write(model), createFolder: true);

    private static void Model(ProtoWriter w, OnnxModel m)
    {
        w.VarintField(1, m.IrVersion);
        w.OptionalString(2, m.ProducerName);
        w.OptionalString(3, m.ProducerVersion);
        w.OptionalString(4, m.Domain);
        if (m.ModelVersion != 0)
        {
            w.VarintField(5, m.ModelVersion);
        }

        w.OptionalString(6, m.DocString);
        w.MessageField(7, m.Graph, Graph);
        foreach (var o in m.Opsets)
        {
            w.MessageField(8, o, static (w, o) =>
            {
                w.StringField(1, o.Domain);
                w.VarintField(2, o.Version);
            });
        }

        foreach (var kv in m.MetadataProps)
        {
            w.MessageField(14, kv, Entry);
        }

        Preserved(w, m.Preserved);
    }

    internal static void Entry(ProtoWriter w, KeyValuePair<string, string> kv)
    {
        w.StringField(1, kv.Key);
        w.StringField(2, kv.Value);
    }

    private static void Graph(ProtoWriter w, OnnxGraph g)
    {
        foreach (var n in g.Nodes)
        {
            w.MessageField(1, n, Node);
        }

        w.OptionalString(2, g.Name);
        foreach (var t in g.Initializers)
        {
            w.MessageField(5, t, Tensor);
        }

        w.OptionalString(10, g.DocString);
        foreach (var v in g.Inputs)
        {
            w.MessageField(11, v, ValueInfo);
        }

        foreach (var v in g.Outputs)
        {
            w.MessageField(12, v, ValueInfo);
        }

        foreach (var v in g.ValueInfo)
        {
            w.MessageField(13, v, ValueInfo);
        }

        Preserved(w, g.Preserved);
    }

    private static void Node(ProtoWriter w, OnnxNode n)
    {
        foreach (var i in n.Inputs)
        {
            w.StringField(1, i);
        }

        foreach (var o in n.Outputs)
        {
            w.StringField(2, o);
        }

        w.OptionalString(3, n.Name);
        w.StringField(4, n.OpType);
        foreach (var a in n.Attributes)
        {
            w.MessageField(5, a, Attribute);
        }

        w.OptionalString(6, n.DocString);
        w.OptionalString(7, n.Domain);
        Preserved(w, n.Preserved);
    }

    private static void Attribute(ProtoWriter w, OnnxAttribute a)
    {
        w.StringField(1, a.Name);
        switch (a.Type)
        {
            case OnnxAttributeType.Float:
                w.Fixed32Field(2, BitConverter.SingleToUInt32Bits(a.Float));
                break;
            case OnnxAttributeType.Int:
                w.VarintField(3, a.Int);
                break;
            case OnnxAttributeType.String:
                w.BytesField(4, a.StringBytes.Span);
                break;
            case OnnxAttributeType.Tensor when a.Tensor is not null:
                w.MessageField(5, a.Tensor, Tensor);
                break;
            case OnnxAttributeType.Graph when a.Graph is not null:
                w.MessageField(6, a.Graph, Graph);
                break;
            case OnnxAttributeType.Floats:
                // onnx.proto declares attribute lists unpacked; write them as protobuf would.
                foreach (var f in a.Floats)
                {
                    w.Fixed32Field(7, BitConverter.SingleToUInt32Bits(f));
                }

                break;
            case OnnxAttributeType.Ints:
                foreach (var i in a.Ints)
                {
                    w.VarintField(8, i);
                }

                break;
            case OnnxAttributeType.Strings:
                foreach (var s in a.StringsBytes)
                {
                    w.BytesField(9, s.Span);
                }

                break;
            case OnnxAttributeType.Tensors:
                foreach (var t in a.Tensors)
                {
                    w.MessageField(10, t, Tensor);
                }

                break;
            case OnnxAttributeType.Graphs:
                foreach (var g in a.Graphs)
                {
                    w.MessageField(11, g, Graph);
                }

                break;
        }

        w.OptionalString(13, a.DocString);
        if (a.Type != OnnxAttributeType.Undefined)
        {
            w.VarintField(20, (long)a.Type);
        }

        w.OptionalString(21, a.RefAttrName);
        Preserved(w, a.Preserved);
    }

    private static void Tensor(ProtoWriter w, OnnxTensor t)
    {
        foreach (var d in t.DimsSpan)
        {
            w.VarintField(1, d);
        }

        if (t.DataType != OnnxDataType.Undefined)
        {
            w.VarintField(2, (long)t.DataType);
        }

        if (!t.FloatData.IsEmpty)
        {
            w.BytesField(4, t.FloatData.Span);
        }

        w.PackedVarints(5, t.Int32Data, static v => unchecked((ulong)(long)v));
        foreach (var s in t.StringData)
        {
            w.BytesField(6, s.Span);
        }

        w.PackedVarints(7, t.Int64Data, static v => unchecked((ulong)v));
        w.OptionalString(8, t.Name);
        if (t.HasRawData)
        {
            w.BytesField(9, t.RawData.Span);
        }

        if (!t.DoubleData.IsEmpty)
        {
            w.BytesField(10, t.DoubleData.Span);
        }

        w.PackedVarints(11, t.UInt64Data, static v => v);
        w.OptionalString(12, t.DocString);
        foreach (var kv in t.ExternalData)
        {
            w.MessageField(13, kv, Entry);
        }

        if (t.DataLocation != 0)
        {
            w.VarintField(14, t.DataLocation);
        }

        Preserved(w, t.Preserved);
    }

    private static void ValueInfo(ProtoWriter w, OnnxValueInfo v)
    {
        w.OptionalString(1, v.Name);
        if (v.Type is not null)
        {
            w.MessageField(2, v.Type, Type);
        }

        w.OptionalString(3, v.DocString);
        Preserved(w, v.Preserved);
    }

    private static void Type(ProtoWriter w, OnnxTypeInfo t)
    {
        switch (t.Kind)
        {
            case OnnxTypeKind.Tensor:
                w.MessageField(1, t, TensorType);
                break;
            case OnnxTypeKind.Sequence:
                w.MessageField(4, t, Elem);
                break;
            case OnnxTypeKind.Map:
                w.MessageField(5, t, static (w, t) =>
                {
                    w.VarintField(1, (long)t.KeyType);
                    if (t.ValueType is not null)
                    {
                        w.MessageField(2, t.ValueType, Type);
                    }
                });
                break;
            case OnnxTypeKind.SparseTensor:
                w.MessageField(8, t, TensorType);
                break;
            case OnnxTypeKind.Optional:
                w.MessageField(9, t, Elem);
                break;
        }

        w.OptionalString(6, t.Denotation);
        Preserved(w, t.Preserved);
    }

    private static void Elem(ProtoWriter w, OnnxTypeInfo t)
    {
        if (t.Element is not null)
        {
            w.MessageField(1, t.Element, Type);
        }
    }

    private static void TensorType(ProtoWriter w, OnnxTypeInfo t)
    {
        if (t.ElementType != OnnxDataType.Undefined)
        {
            w.VarintField(1, (long)t.ElementType);
        }

        if (t.Shape is not null)
        {
            w.MessageField(2, t.Shape, static (w, shape) =>
            {
                foreach (var d in shape)
                {
                    w.MessageField(1, d, static (w, d) =>
                    {
                        if (d.Value is { } v)
                        {
                            w.VarintField(1, v);
                        }
                        else if (d.Param is not null)
                        {
                            w.StringField(2, d.Param);
                        }

                        w.OptionalString(3, d.Denotation);
                    });
                }
            });
        }
    }

    private static void Preserved(ProtoWriter w, IReadOnlyList<ReadOnlyMemory<byte>> fields)
    {
        foreach (var f in fields)
        {
            w.Raw(f.Span);
        }
    }
}
