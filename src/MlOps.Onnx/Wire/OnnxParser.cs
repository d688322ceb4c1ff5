using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;

namespace MlOps.Onnx;

/// <summary>
/// Turns ModelProto bytes into the <see cref="OnnxModel"/> object model. Field numbers follow onnx.proto;
/// fields it does not model are kept as byte ranges (<c>Preserved</c>) so that writing loses nothing.
/// </summary>
internal sealed class OnnxParser
{
    /// <summary>Deepest nesting of graphs and types accepted: bounds recursion on hostile input.</summary>
    internal const int MaxDepth = 64;

    /// <summary>Highest IR version accepted as plausible (ONNX is at 11; a margin for future versions).</summary>
    internal const long MaxIrVersion = 100;

    private readonly OnnxParseContext _c;

    private OnnxParser(OnnxParseContext context) => _c = context;

    public static OnnxModel Parse(ReadOnlyMemory<byte> bytes, string? source)
    {
        // Slices of an array-backed buffer are kept as they are; anything else is copied once.
        var segment = MemoryMarshal.TryGetArray(bytes, out var s) && s.Array is not null
            ? s
            : new ArraySegment<byte>(bytes.ToArray());
        var context = new OnnxParseContext(segment.Array!, segment.Offset, segment.Count, source);
        if (segment.Count == 0)
        {
            throw context.NotOnnx("the file is empty");
        }

        return new OnnxParser(context).Model();
    }

    private OnnxModel Model()
    {
        long? irVersion = null;
        OnnxGraph? graph = null;
        string producer = "", producerVersion = "", domain = "", doc = "";
        long modelVersion = 0;
        var opsets = new List<OnnxOpset>();
        var metadata = new List<KeyValuePair<string, string>>();
        var preserved = new List<ReadOnlyMemory<byte>>();
        var r = new ProtoFieldReader(_c, _c.Start, _c.FileEnd - _c.Start, "the ModelProto");
        while (r.Next(out var f))
        {
            switch (f.Number)
            {
                case 1:
                    irVersion = (long)Varint(f, "ir_version");
                    _c.SawIrVersion |= irVersion is >= 1 and <= MaxIrVersion;
                    break;
                case 2: producer = Str(f, "producer_name"); break;
                case 3: producerVersion = Str(f, "producer_version"); break;
                case 4: domain = Str(f, "domain"); break;
                case 5: modelVersion = (long)Varint(f, "model_version"); break;
                case 6: doc = Str(f, "doc_string"); break;
                case 7: Len(f, "graph"); graph = Graph(f, 1, "graph"); break;
                case 8: Len(f, "opset_import"); opsets.Add(Opset(f)); break;
                case 14: Len(f, "metadata_props"); metadata.Add(Entry(f, "metadata_props")); break;
                default: preserved.Add(Whole(f)); break;
            }
        }

        if (irVersion is not { } ir || ir < 1 || ir > MaxIrVersion)
        {
            throw _c.NotOnnx(irVersion is null
                ? "it has no ir_version (field 1 of ModelProto)"
                : $"its ir_version {irVersion} is not an ONNX IR version");
        }

        if (graph is null)
        {
            // A real header (IR version and opsets) without a graph is a file cut short at a field boundary.
            if (opsets.Count > 0)
            {
                throw _c.Truncated("the model: the file ends before the graph (field 7 of ModelProto)");
            }

            throw _c.NotOnnx("it has no graph (field 7 of ModelProto)");
        }

        return new OnnxModel
        {
            IrVersion = ir,
            ProducerName = producer,
            ProducerVersion = producerVersion,
            Domain = domain,
            ModelVersion = modelVersion,
            DocString = doc,
            Graph = graph,
            Opsets = FrozenList<OnnxOpset>.Own(opsets.ToArray()),
            MetadataProps = FrozenList<KeyValuePair<string, string>>.Own(metadata.ToArray()),
            Preserved = Frozen(preserved),
        };
    }

    private OnnxOpset Opset(in ProtoField outer)
    {
        string domain = "";
        long version = 0;
        var r = Reader(outer, "an opset_import");
        while (r.Next(out var f))
        {
            switch (f.Number)
            {
                case 1: domain = Str(f, "opset_import.domain"); break;
                case 2: version = (long)Varint(f, "opset_import.version"); break;
            }
        }

        return new OnnxOpset(domain, version);
    }

    private KeyValuePair<string, string> Entry(in ProtoField outer, string what)
    {
        string key = "", value = "";
        var r = Reader(outer, $"a {what} entry");
        while (r.Next(out var f))
        {
            switch (f.Number)
            {
                case 1: key = Str(f, what + ".key"); break;
                case 2: value = Str(f, what + ".value"); break;
            }
        }

        return new KeyValuePair<string, string>(key, value);
    }

    private OnnxGraph Graph(in ProtoField outer, int depth, string path)
    {
        CheckDepth(depth, path, outer);
        string name = "", doc = "";
        var nodes = new List<OnnxNode>();
        var initializers = new List<OnnxTensor>();
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        var valueInfo = new List<OnnxValueInfo>();
        var preserved = new List<ReadOnlyMemory<byte>>();
        var r = Reader(outer, path);
        while (r.Next(out var f))
        {
            switch (f.Number)
            {
                case 1: Len(f, "node"); nodes.Add(Node(f, depth, $"{path}.node[{nodes.Count}]")); break;
                case 2: name = Str(f, "graph.name"); break;
                case 5: Len(f, "initializer"); initializers.Add(Tensor(f, $"{path}.initializer[{initializers.Count}]")); break;
                case 10: doc = Str(f, "graph.doc_string"); break;
                case 11: Len(f, "input"); inputs.Add(ValueInfo(f, depth, $"{path}.input[{inputs.Count}]")); break;
                case 12: Len(f, "output"); outputs.Add(ValueInfo(f, depth, $"{path}.output[{outputs.Count}]")); break;
                case 13: Len(f, "value_info"); valueInfo.Add(ValueInfo(f, depth, $"{path}.value_info[{valueInfo.Count}]")); break;
                default: preserved.Add(Whole(f)); break;
            }
        }

        return new OnnxGraph
        {
            Name = name,
            DocString = doc,
            Nodes = FrozenList<OnnxNode>.Own(nodes.ToArray()),
            Initializers = FrozenList<OnnxTensor>.Own(initializers.ToArray()),
            Inputs = FrozenList<OnnxValueInfo>.Own(inputs.ToArray()),
            Outputs = FrozenList<OnnxValueInfo>.Own(outputs.ToArray()),
            ValueInfo = FrozenList<OnnxValueInfo>.Own(valueInfo.ToArray()),
            Preserved = Frozen(preserved),
        };
    }

    private OnnxNode Node(in ProtoField outer, int depth, string path)
    {
        string name = "", opType = "", domain = "", doc = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<OnnxAttribute>();
        var preserved = new List<ReadOnlyMemory<byte>>();
        var r = Reader(outer, path);
        while (r.Next(out var f))
        {
            switch (f.Number)
            {
                case 1: inputs.Add(Str(f, "node.input")); break;
                case 2: outputs.Add(Str(f, "node.output")); break;
                case 3: name = Str(f, "node.name"); break;
                case 4: opType = Str(f, "node.op_type"); break;
                case 5: Len(f, "node.attribute"); attributes.Add(Attribute(f, depth, $"{path}.attribute[{attributes.Count}]")); break;
                case 6: doc = Str(f, "node.doc_string"); break;
                case 7: domain = Str(f, "node.domain"); break;
                default: preserved.Add(Whole(f)); break;
            }
        }

        return new OnnxNode(opType, FrozenList<string>.Own(inputs.ToArray()), FrozenList<string>.Own(outputs.ToArray()),
            FrozenList<OnnxAttribute>.Own(attributes.ToArray()))
        {
            Name = name,
            Domain = domain,
            DocString = doc,
            Preserved = Frozen(preserved),
        };
    }

    private OnnxAttribute Attribute(in ProtoField outer, int depth, string path)
    {
        string name = "", doc = "", refName = "";
        var type = OnnxAttributeType.Undefined;
        float single = 0;
        long integer = 0;
        ReadOnlyMemory<byte> bytes = default;
        OnnxTensor? tensor = null;
        OnnxGraph? graph = null;
        var floats = new List<float>();
        var ints = new List<long>();
        var strings = new List<ReadOnlyMemory<byte>>();
        var tensors = new List<OnnxTensor>();
        var graphs = new List<OnnxGraph>();
        var preserved = new List<ReadOnlyMemory<byte>>();
        bool hasF = false, hasI = false, hasS = false;
        var r = Reader(outer, path);
        while (r.Next(out var f))
        {
            switch (f.Number)
            {
                case 1: name = Str(f, "attribute.name"); break;
                case 2: single = Fixed32(f, "attribute.f"); hasF = true; break;
                case 3: integer = (long)Varint(f, "attribute.i"); hasI = true; break;
                case 4: bytes = Bytes(f, "attribute.s"); hasS = true; break;
                case 5: Len(f, "attribute.t"); tensor = Tensor(f, path + ".t"); break;
                case 6: Len(f, "attribute.g"); graph = Graph(f, depth + 1, path + ".g"); break;
                case 7: RepeatedFloats(f, floats, "attribute.floats"); break;
                case 8: RepeatedVarints(f, ints, "attribute.ints"); break;
                case 9: strings.Add(Bytes(f, "attribute.strings")); break;
                case 10: Len(f, "attribute.tensors"); tensors.Add(Tensor(f, $"{path}.tensors[{tensors.Count}]")); break;
                case 11: Len(f, "attribute.graphs"); graphs.Add(Graph(f, depth + 1, $"{path}.graphs[{graphs.Count}]")); break;
                case 13: doc = Str(f, "attribute.doc_string"); break;
                case 20: type = (OnnxAttributeType)(int)Varint(f, "attribute.type"); break;
                case 21: refName = Str(f, "attribute.ref_attr_name"); break;
                default: preserved.Add(Whole(f)); break;
            }
        }

        if (type == OnnxAttributeType.Undefined)
        {
            // IR version 1 files may omit the type; infer it from the field that is set, as onnx does.
            type = hasF ? OnnxAttributeType.Float
                : hasI ? OnnxAttributeType.Int
                : hasS ? OnnxAttributeType.String
                : tensor is not null ? OnnxAttributeType.Tensor
                : graph is not null ? OnnxAttributeType.Graph
                : floats.Count > 0 ? OnnxAttributeType.Floats
                : ints.Count > 0 ? OnnxAttributeType.Ints
                : strings.Count > 0 ? OnnxAttributeType.Strings
                : tensors.Count > 0 ? OnnxAttributeType.Tensors
                : graphs.Count > 0 ? OnnxAttributeType.Graphs
                : OnnxAttributeType.Undefined;
        }

        return new OnnxAttribute(name, type)
        {
            Float = single,
            Int = integer,
            StringBytes = bytes,
            Tensor = tensor,
            Graph = graph,
            Floats = FrozenList<float>.Own(floats.ToArray()),
            Ints = FrozenList<long>.Own(ints.ToArray()),
            StringsBytes = FrozenList<ReadOnlyMemory<byte>>.Own(strings.ToArray()),
            Tensors = FrozenList<OnnxTensor>.Own(tensors.ToArray()),
            Graphs = FrozenList<OnnxGraph>.Own(graphs.ToArray()),
            RefAttrName = refName,
            DocString = doc,
            Preserved = Frozen(preserved),
        };
    }

    private OnnxTensor Tensor(in ProtoField outer, string path)
    {
        string name = "", doc = "";
        var dataType = 0;
        var location = 0;
        var dims = new List<long>();
        var floatData = new FixedData();
        var doubleData = new FixedData();
        var int32 = new List<long>();
        var int64 = new List<long>();
        var uint64 = new List<long>();
        var strings = new List<ReadOnlyMemory<byte>>();
        var external = new List<KeyValuePair<string, string>>();
        var preserved = new List<ReadOnlyMemory<byte>>();
        ReadOnlyMemory<byte> raw = default;
        var hasRaw = false;
        var r = Reader(outer, path);
        while (r.Next(out var f))
        {
            switch (f.Number)
            {
                case 1: RepeatedVarints(f, dims, "tensor.dims"); break;
                case 2: dataType = (int)Varint(f, "tensor.data_type"); break;
                case 4: floatData.Add(this, f, 4, "tensor.float_data"); break;
                case 5: RepeatedVarints(f, int32, "tensor.int32_data"); break;
                case 6: strings.Add(Bytes(f, "tensor.string_data")); break;
                case 7: RepeatedVarints(f, int64, "tensor.int64_data"); break;
                case 8: name = Str(f, "tensor.name"); break;
                case 9: raw = Bytes(f, "tensor.raw_data"); hasRaw = true; break;
                case 10: doubleData.Add(this, f, 8, "tensor.double_data"); break;
                case 11: RepeatedVarints(f, uint64, "tensor.uint64_data"); break;
                case 12: doc = Str(f, "tensor.doc_string"); break;
                case 13: Len(f, "tensor.external_data"); external.Add(Entry(f, "external_data")); break;
                case 14: location = (int)Varint(f, "tensor.data_location"); break;
                default: preserved.Add(Whole(f)); break;
            }
        }

        return new OnnxTensor
        {
            Name = name,
            DataType = (OnnxDataType)dataType,
            Dims = dims.ToArray(),
            DocString = doc,
            RawData = raw,
            HasRawData = hasRaw,
            FloatData = floatData.Result,
            DoubleData = doubleData.Result,
            // int32_data holds int32 values sign-extended to 64-bit varints (and narrower types zero-extended).
            Int32Data = int32.Select(v => unchecked((int)v)).ToArray(),
            Int64Data = int64.ToArray(),
            UInt64Data = uint64.Select(v => unchecked((ulong)v)).ToArray(),
            StringData = FrozenList<ReadOnlyMemory<byte>>.Own(strings.ToArray()),
            ExternalData = FrozenList<KeyValuePair<string, string>>.Own(external.ToArray()),
            DataLocation = location,
            Preserved = Frozen(preserved),
        };
    }

    private OnnxValueInfo ValueInfo(in ProtoField outer, int depth, string path)
    {
        string name = "", doc = "";
        OnnxTypeInfo? type = null;
        var preserved = new List<ReadOnlyMemory<byte>>();
        var r = Reader(outer, path);
        while (r.Next(out var f))
        {
            switch (f.Number)
            {
                case 1: name = Str(f, "value_info.name"); break;
                case 2: Len(f, "value_info.type"); type = Type(f, depth + 1, path + ".type"); break;
                case 3: doc = Str(f, "value_info.doc_string"); break;
                default: preserved.Add(Whole(f)); break;
            }
        }

        return new OnnxValueInfo(name, type) { DocString = doc, Preserved = Frozen(preserved) };
    }

    private OnnxTypeInfo Type(in ProtoField outer, int depth, string path)
    {
        CheckDepth(depth, path, outer);
        var kind = OnnxTypeKind.None;
        var element = OnnxDataType.Undefined;
        IReadOnlyList<OnnxDim>? shape = null;
        OnnxTypeInfo? inner = null;
        var keyType = OnnxDataType.Undefined;
        OnnxTypeInfo? valueType = null;
        var denotation = "";
        var preserved = new List<ReadOnlyMemory<byte>>();

        // TypeProto.value is a oneof: the last case in the file wins and clears the others.
        void ClearOneof()
        {
            element = OnnxDataType.Undefined;
            shape = null;
            inner = null;
            keyType = OnnxDataType.Undefined;
            valueType = null;
        }

        var r = Reader(outer, path);
        while (r.Next(out var f))
        {
            switch (f.Number)
            {
                case 1 or 8:
                {
                    // tensor_type (1) and sparse_tensor_type (8) share their layout: elem_type, shape.
                    Len(f, "type.tensor_type");
                    kind = f.Number == 1 ? OnnxTypeKind.Tensor : OnnxTypeKind.SparseTensor;
                    ClearOneof();
                    var t = Reader(f, path + ".tensor_type");
                    while (t.Next(out var g))
                    {
                        switch (g.Number)
                        {
                            case 1: element = (OnnxDataType)(int)Varint(g, "tensor_type.elem_type"); break;
                            case 2: Len(g, "tensor_type.shape"); shape = Shape(g, path + ".shape"); break;
                        }
                    }

                    break;
                }

                case 4 or 9:
                {
                    // sequence_type (4) and optional_type (9): one nested elem_type.
                    Len(f, "type.sequence_type");
                    kind = f.Number == 4 ? OnnxTypeKind.Sequence : OnnxTypeKind.Optional;
                    ClearOneof();
                    var t = Reader(f, path + ".elem_type");
                    while (t.Next(out var g))
                    {
                        if (g.Number == 1)
                        {
                            Len(g, "elem_type");
                            inner = Type(g, depth + 1, path + ".elem");
                        }
                    }

                    break;
                }

                case 5:
                {
                    Len(f, "type.map_type");
                    kind = OnnxTypeKind.Map;
                    ClearOneof();
                    var t = Reader(f, path + ".map_type");
                    while (t.Next(out var g))
                    {
                        switch (g.Number)
                        {
                            case 1: keyType = (OnnxDataType)(int)Varint(g, "map_type.key_type"); break;
                            case 2: Len(g, "map_type.value_type"); valueType = Type(g, depth + 1, path + ".value"); break;
                        }
                    }

                    break;
                }

                case 6: denotation = Str(f, "type.denotation"); break;
                default: preserved.Add(Whole(f)); break;
            }
        }

        return new OnnxTypeInfo
        {
            Kind = kind,
            ElementType = element,
            Shape = shape,
            Element = inner,
            KeyType = keyType,
            ValueType = valueType,
            Denotation = denotation,
            Preserved = Frozen(preserved),
        };
    }

    private IReadOnlyList<OnnxDim> Shape(in ProtoField outer, string path)
    {
        var dims = new List<OnnxDim>();
        var r = Reader(outer, path);
        while (r.Next(out var f))
        {
            if (f.Number != 1)
            {
                continue;
            }

            Len(f, "shape.dim");
            long? value = null;
            string? param = null;
            var denotation = "";
            var d = Reader(f, $"{path}.dim[{dims.Count}]");
            while (d.Next(out var g))
            {
                switch (g.Number)
                {
                    case 1: value = (long)Varint(g, "dim.dim_value"); param = null; break;
                    case 2: param = Str(g, "dim.dim_param"); value = null; break;
                    case 3: denotation = Str(g, "dim.denotation"); break;
                }
            }

            dims.Add(new OnnxDim { Value = value, Param = param, Denotation = denotation });
        }

        return FrozenList<OnnxDim>.Own(dims.ToArray());
    }

    // ---- field helpers ----

    private ProtoFieldReader Reader(in ProtoField f, string what) => new(_c, f.ContentStart, f.ContentLength, what);

    private void CheckDepth(int depth, string path, in ProtoField f)
    {
        if (depth > MaxDepth)
        {
            throw _c.NotOnnx($"graphs or types nest more than {MaxDepth} levels deep at {path} (byte {_c.Offset(f.TagStart)})");
        }
    }

    private void Expect(in ProtoField f, WireFormat.WireType type, string what)
    {
        if (f.WireType != type)
        {
            throw _c.NotOnnx($"field {what} at byte {_c.Offset(f.TagStart)} has wire type {f.WireType}, expected {type}");
        }
    }

    private void Len(in ProtoField f, string what) => Expect(f, WireFormat.WireType.LengthDelimited, what);

    private ulong Varint(in ProtoField f, string what)
    {
        Expect(f, WireFormat.WireType.Varint, what);
        return f.Scalar;
    }

    private float Fixed32(in ProtoField f, string what)
    {
        Expect(f, WireFormat.WireType.Fixed32, what);
        return BitConverter.UInt32BitsToSingle((uint)f.Scalar);
    }

    private string Str(in ProtoField f, string what)
    {
        Len(f, what);
        return f.ContentLength == 0 ? "" : Encoding.UTF8.GetString(_c.Buffer, f.ContentStart, f.ContentLength);
    }

    private ReadOnlyMemory<byte> Bytes(in ProtoField f, string what)
    {
        Len(f, what);
        return _c.Slice(f.ContentStart, f.ContentLength);
    }

    private ReadOnlyMemory<byte> Whole(in ProtoField f) => _c.Slice(f.TagStart, f.End - f.TagStart);

    /// <summary>A repeated varint field, packed (one length-delimited run) or not (one value per tag); proto2 allows both.</summary>
    private void RepeatedVarints(in ProtoField f, List<long> into, string what)
    {
        if (f.WireType == WireFormat.WireType.Varint)
        {
            into.Add((long)f.Scalar);
            return;
        }

        Len(f, what);
        try
        {
            var input = new CodedInputStream(_c.Buffer, f.ContentStart, f.ContentLength);
            while (!input.IsAtEnd)
            {
                into.Add(input.ReadInt64());
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw _c.NotOnnx($"the packed field {what} at byte {_c.Offset(f.TagStart)} is malformed: {e.Message}", e);
        }
    }

    private void RepeatedFloats(in ProtoField f, List<float> into, string what)
    {
        if (f.WireType == WireFormat.WireType.Fixed32)
        {
            into.Add(BitConverter.UInt32BitsToSingle((uint)f.Scalar));
            return;
        }

        Len(f, what);
        var bytes = PackedFixed(f, 4, what).Span;
        for (var i = 0; i < bytes.Length; i += 4)
        {
            into.Add(System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i, 4)));
        }
    }

    private ReadOnlyMemory<byte> PackedFixed(in ProtoField f, int width, string what)
    {
        if (f.ContentLength % width != 0)
        {
            throw _c.NotOnnx($"the packed field {what} at byte {_c.Offset(f.TagStart)} has {f.ContentLength} bytes, not a multiple of {width}");
        }

        return _c.Slice(f.ContentStart, f.ContentLength);
    }

    private static IReadOnlyList<ReadOnlyMemory<byte>> Frozen(List<ReadOnlyMemory<byte>> list) =>
        list.Count == 0 ? FrozenList<ReadOnlyMemory<byte>>.Empty : FrozenList<ReadOnlyMemory<byte>>.Own(list.ToArray());

    /// <summary>
    /// Collects a repeated fixed-width field as little-endian bytes: one packed run stays a slice of the
    /// source (no copy); several runs or unpacked values are joined into a new array.
    /// </summary>
    private sealed class FixedData
    {
        private ReadOnlyMemory<byte> _first;
        private List<byte>? _joined;
        private bool _any;

        public ReadOnlyMemory<byte> Result => _joined is null ? _first : _joined.ToArray();

        public void Add(OnnxParser parser, in ProtoField f, int width, string what)
        {
            ReadOnlyMemory<byte> piece;
            if (f.WireType == (width == 4 ? WireFormat.WireType.Fixed32 : WireFormat.WireType.Fixed64))
            {
                var bits = new byte[width];
                if (width == 4)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bits, (uint)f.Scalar);
                }
                else
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bits, f.Scalar);
                }

                piece = bits;
            }
            else
            {
                parser.Len(f, what);
                piece = parser.PackedFixed(f, width, what);
            }

            if (!_any)
            {
                _first = piece;
                _any = true;
                return;
            }

            _joined ??= [.. _first.Span];
            _joined.AddRange(piece.Span);
        }
    }
}
