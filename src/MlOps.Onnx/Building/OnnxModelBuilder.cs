namespace MlOps.Onnx;

/// <summary>
/// Builds ONNX models in code, for tests, samples and trainers:
/// <code>
/// var bytes = new OnnxModelBuilder()
///     .Opset("", 17).Opset("ai.onnx.ml", 3)
///     .Input("X", OnnxDataType.Float, "N", 4)
///     .Output("Y", OnnxDataType.Float, "N", 1)
///     .Initializer("W", new float[] { 1, 2, 3, 4 }, 4, 1)
///     .Node("MatMul", ["X", "W"], ["Y"])
///     .ToBytes();
/// </code>
/// Everything is kept in the order given, so the same calls always give the same bytes.
/// </summary>
public sealed class OnnxModelBuilder
{
    private readonly List<OnnxOpset> _opsets = [];
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];
    private readonly List<OnnxValueInfo> _valueInfo = [];
    private readonly List<KeyValuePair<string, string>> _metadata = [];
    private IReadOnlyList<ReadOnlyMemory<byte>> _modelPreserved = FrozenList<ReadOnlyMemory<byte>>.Empty;
    private IReadOnlyList<ReadOnlyMemory<byte>> _graphPreserved = FrozenList<ReadOnlyMemory<byte>>.Empty;
    private long? _irVersion;
    private string _producerName = "MlOps.Onnx";
    private string _producerVersion = "";
    private string _domain = "";
    private long _modelVersion;
    private string _docString = "";
    private string _graphName = "main";
    private string _graphDocString = "";

    /// <summary>Default ai.onnx opset when none is declared.</summary>
    public const long DefaultOpset = 17;

    /// <summary>Default ai.onnx.ml opset when a node uses that domain and none is declared.</summary>
    public const long DefaultMlOpset = 3;

    /// <summary>A builder holding everything <paramref name="model"/> has, to change and write it again.</summary>
    public static OnnxModelBuilder From(OnnxModel model)
    {
        var b = new OnnxModelBuilder
        {
            _irVersion = model.IrVersion,
            _producerName = model.ProducerName,
            _producerVersion = model.ProducerVersion,
            _domain = model.Domain,
            _modelVersion = model.ModelVersion,
            _docString = model.DocString,
            _graphName = model.Graph.Name,
            _graphDocString = model.Graph.DocString,
            _modelPreserved = model.Preserved,
            _graphPreserved = model.Graph.Preserved,
        };
        b._opsets.AddRange(model.Opsets);
        b._nodes.AddRange(model.Graph.Nodes);
        b._initializers.AddRange(model.Graph.Initializers);
        b._inputs.AddRange(model.Graph.Inputs);
        b._outputs.AddRange(model.Graph.Outputs);
        b._valueInfo.AddRange(model.Graph.ValueInfo);
        b._metadata.AddRange(model.MetadataProps);
        return b;
    }

    /// <summary>
    /// Sets the IR version. By default it follows the ai.onnx opset (8 up to opset 17, 9 for 18-19,
    /// 10 for 20-21, 11 beyond), which every ONNX Runtime since 1.14 loads.
    /// </summary>
    public OnnxModelBuilder IrVersion(long version)
    {
        _irVersion = version;
        return this;
    }

    /// <summary>Imports an operator set ("" for ai.onnx, "ai.onnx.ml" for traditional ML); a second call for the same domain replaces the version.</summary>
    public OnnxModelBuilder Opset(string domain, long version)
    {
        var index = _opsets.FindIndex(o => o.Domain == domain);
        if (index >= 0)
        {
            _opsets[index] = new OnnxOpset(domain, version);
        }
        else
        {
            _opsets.Add(new OnnxOpset(domain, version));
        }

        return this;
    }

    /// <summary>Sets producer_name and producer_version (default "MlOps.Onnx" and "").</summary>
    public OnnxModelBuilder Producer(string name, string version = "")
    {
        _producerName = name;
        _producerVersion = version;
        return this;
    }

    /// <summary>Sets the model's domain (reverse-DNS by convention).</summary>
    public OnnxModelBuilder Domain(string domain)
    {
        _domain = domain;
        return this;
    }

    /// <summary>Sets the model_version number.</summary>
    public OnnxModelBuilder ModelVersion(long version)
    {
        _modelVersion = version;
        return this;
    }

    /// <summary>Sets the model's doc_string.</summary>
    public OnnxModelBuilder DocString(string doc)
    {
        _docString = doc;
        return this;
    }

    /// <summary>Sets the main graph's name (default "main") and, optionally, its doc_string.</summary>
    public OnnxModelBuilder GraphName(string name, string docString = "")
    {
        _graphName = name;
        _graphDocString = docString;
        return this;
    }

    /// <summary>Adds a tensor input with a known shape: dims are numbers or symbolic names (<c>"N", 4</c>); none makes a scalar.</summary>
    public OnnxModelBuilder Input(string name, OnnxDataType elementType, params OnnxDim[] shape) =>
        Input(name, OnnxTypeInfo.Tensor(elementType, shape));

    /// <summary>Adds an input of any type.</summary>
    public OnnxModelBuilder Input(string name, OnnxTypeInfo type)
    {
        _inputs.Add(new OnnxValueInfo(name, type));
        return this;
    }

    /// <summary>Adds a tensor output with a known shape.</summary>
    public OnnxModelBuilder Output(string name, OnnxDataType elementType, params OnnxDim[] shape) =>
        Output(name, OnnxTypeInfo.Tensor(elementType, shape));

    /// <summary>Adds an output of any type, for example <c>OnnxTypeInfo.SequenceOfMaps(OnnxDataType.Int64)</c> for ZipMap.</summary>
    public OnnxModelBuilder Output(string name, OnnxTypeInfo type)
    {
        _outputs.Add(new OnnxValueInfo(name, type));
        return this;
    }

    /// <summary>Records the type of an intermediate value.</summary>
    public OnnxModelBuilder ValueInfo(string name, OnnxTypeInfo type)
    {
        _valueInfo.Add(new OnnxValueInfo(name, type));
        return this;
    }

    /// <summary>Adds an initializer.</summary>
    public OnnxModelBuilder Initializer(OnnxTensor tensor)
    {
        _initializers.Add(tensor);
        return this;
    }

    /// <summary>Adds a float initializer; no dims means one-dimensional.</summary>
    public OnnxModelBuilder Initializer(string name, float[] values, params long[] dims) => Initializer(OnnxTensor.Create(name, values, dims));

    /// <summary>Adds a double initializer; no dims means one-dimensional.</summary>
    public OnnxModelBuilder Initializer(string name, double[] values, params long[] dims) => Initializer(OnnxTensor.Create(name, values, dims));

    /// <summary>Adds an int64 initializer; no dims means one-dimensional.</summary>
    public OnnxModelBuilder Initializer(string name, long[] values, params long[] dims) => Initializer(OnnxTensor.Create(name, values, dims));

    /// <summary>Adds an int32 initializer; no dims means one-dimensional.</summary>
    public OnnxModelBuilder Initializer(string name, int[] values, params long[] dims) => Initializer(OnnxTensor.Create(name, values, dims));

    /// <summary>Adds a bool initializer; no dims means one-dimensional.</summary>
    public OnnxModelBuilder Initializer(string name, bool[] values, params long[] dims) => Initializer(OnnxTensor.Create(name, values, dims));

    /// <summary>Adds a string initializer; no dims means one-dimensional.</summary>
    public OnnxModelBuilder Initializer(string name, string[] values, params long[] dims) => Initializer(OnnxTensor.Create(name, values, dims));

    /// <summary>Adds a node. Example: <c>.Node("LinearClassifier", ["X"], ["label", "probs"], [OnnxAttribute.Of("coefficients", coef)], domain: "ai.onnx.ml")</c>.</summary>
    public OnnxModelBuilder Node(string opType, IEnumerable<string> inputs, IEnumerable<string> outputs,
        IEnumerable<OnnxAttribute>? attributes = null, string domain = "", string name = "", string docString = "") =>
        Node(new OnnxNode(opType, inputs, outputs, attributes) { Domain = domain, Name = name, DocString = docString });

    /// <summary>Adds a node.</summary>
    public OnnxModelBuilder Node(OnnxNode node)
    {
        _nodes.Add(node);
        return this;
    }

    /// <summary>Sets a metadata_props entry (a second call with the same key replaces the value in place).</summary>
    public OnnxModelBuilder Metadata(string key, string value)
    {
        var index = _metadata.FindIndex(kv => kv.Key == key);
        var entry = new KeyValuePair<string, string>(key, value);
        if (index >= 0)
        {
            _metadata[index] = entry;
        }
        else
        {
            _metadata.Add(entry);
        }

        return this;
    }

    /// <summary>
    /// The model. Opsets not declared for domains the nodes use are added (ai.onnx <see cref="DefaultOpset"/>,
    /// ai.onnx.ml <see cref="DefaultMlOpset"/>, other domains version 1) after the declared ones, in ordinal order.
    /// </summary>
    public OnnxModel Build()
    {
        var opsets = new List<OnnxOpset>(_opsets);
        var used = new SortedSet<string>(StringComparer.Ordinal) { "" };
        foreach (var n in _nodes)
        {
            used.Add(n.Domain == "ai.onnx" ? "" : n.Domain);
        }

        foreach (var domain in used)
        {
            if (!opsets.Exists(o => (o.Domain == "ai.onnx" ? "" : o.Domain) == domain))
            {
                opsets.Add(new OnnxOpset(domain, domain switch { "" => DefaultOpset, OnnxOpset.MlDomain => DefaultMlOpset, _ => 1 }));
            }
        }

        var coreOpset = opsets.First(o => o.Domain is "" or "ai.onnx").Version;
        return new OnnxModel
        {
            IrVersion = _irVersion ?? coreOpset switch { <= 17 => 8, <= 19 => 9, <= 21 => 10, _ => 11 },
            Opsets = opsets,
            ProducerName = _producerName,
            ProducerVersion = _producerVersion,
            Domain = _domain,
            ModelVersion = _modelVersion,
            DocString = _docString,
            MetadataProps = _metadata,
            Preserved = _modelPreserved,
            Graph = new OnnxGraph
            {
                Name = _graphName,
                DocString = _graphDocString,
                Nodes = _nodes,
                Initializers = _initializers,
                Inputs = _inputs,
                Outputs = _outputs,
                ValueInfo = _valueInfo,
                Preserved = _graphPreserved,
            },
        };
    }

    /// <summary>The ModelProto bytes.</summary>
    public byte[] ToBytes() => OnnxWriter.Write(Build());

    /// <summary>Writes the model to <paramref name="path"/> atomically.</summary>
    public void Save(string path) => OnnxWriter.Save(Build(), path);
}
