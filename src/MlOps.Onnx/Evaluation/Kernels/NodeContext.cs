using System.Globalization;

namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>
/// What a kernel factory sees of a node at load time: typed attribute access with defaults, the opset the
/// node runs under, the constant inputs (initializers and Constant outputs), and input element types.
/// Every complaint goes through <see cref="Fail"/> so errors always name the node.
/// </summary>
internal sealed class NodeContext
{
    private readonly Dictionary<string, OnnxAttribute> _attributes;
    private readonly Func<string, Tensor?> _constant;

    public NodeContext(OnnxNode node, long opset, string? source, Func<string, Tensor?> constant, OnnxDataType?[] inputTypes)
    {
        Node = node;
        Opset = opset;
        Source = source;
        _constant = constant;
        InputTypes = inputTypes;
        _attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        foreach (var attribute in node.Attributes)
        {
            _attributes[attribute.Name] = attribute;
        }
    }

    public OnnxNode Node { get; }

    /// <summary>The opset version of the node's domain imported by the model.</summary>
    public long Opset { get; }

    /// <summary>The model file, for error messages.</summary>
    public string? Source { get; }

    /// <summary>Element types of the inputs when known (null when unknown or absent).</summary>
    public OnnxDataType?[] InputTypes { get; }

    public int InputCount => Node.Inputs.Count;

    /// <summary>Output element types a factory determined at load time (null entries when unknown).</summary>
    public OnnxDataType?[] OutputTypes { get; set; } = [];

    /// <summary>The element type of input <paramref name="i"/> when known.</summary>
    public OnnxDataType? InputType(int i) => i < InputTypes.Length ? InputTypes[i] : null;

    /// <summary>Checks that inputs <paramref name="a"/> and <paramref name="b"/> have the same element type when both are known.</summary>
    public void RequireSameType(int a, int b)
    {
        if (InputType(a) is { } ta && InputType(b) is { } tb && ta != tb)
        {
            throw Fail($"inputs '{Node.Inputs[a]}' ({ElementTypes.Name(ta)}) and '{Node.Inputs[b]}' ({ElementTypes.Name(tb)}) must have the same element type.",
                "Insert a Cast so both inputs have the same type.");
        }
    }

    /// <summary>Checks that input <paramref name="i"/>, when its type is known, is one of <paramref name="allowed"/>.</summary>
    public void RequireType(int i, params OnnxDataType[] allowed)
    {
        if (InputType(i) is { } t && Array.IndexOf(allowed, t) < 0)
        {
            throw Fail($"input '{Node.Inputs[i]}' has element type {ElementTypes.Name(t)}; expected {string.Join(" or ", allowed.Select(ElementTypes.Name))}.",
                "Insert a Cast to a supported type.");
        }
    }

    public string NodeLabel => NodeNames.Label(Node);

    /// <summary>True when input <paramref name="i"/> is given (optional inputs may be missing or empty names).</summary>
    public bool HasInput(int i) => i < Node.Inputs.Count && Node.Inputs[i].Length > 0;

    /// <summary>The constant value of input <paramref name="i"/> when it is an initializer or a Constant output.</summary>
    public Tensor? ConstantInput(int i) => HasInput(i) ? _constant(Node.Inputs[i]) : null;

    public bool Has(string name) => _attributes.ContainsKey(name);

    public MlOpsException Fail(string message, string? fix = null) =>
        new($"{NodeLabel}: {message}", Source, fix: fix ?? "Re-export the model with a supported converter, or fix the node's attributes.");

    public void RequireInputs(int min, int max = int.MaxValue)
    {
        var count = Node.Inputs.Count;
        if (count < min || count > max)
        {
            throw Fail(max == int.MaxValue
                ? $"expects at least {min} input(s) but has {count}."
                : min == max ? $"expects {min} input(s) but has {count}." : $"expects {min} to {max} inputs but has {count}.");
        }
        for (var i = 0; i < min; i++)
        {
            if (Node.Inputs[i].Length == 0)
            {
                throw Fail($"required input {i + 1} is empty.");
            }
        }
    }

    private OnnxAttribute? Get(string name, OnnxAttributeType type)
    {
        if (!_attributes.TryGetValue(name, out var attribute))
        {
            return null;
        }
        if (attribute.Type != type && attribute.Type != OnnxAttributeType.Undefined)
        {
            throw Fail($"attribute '{name}' must be of type {type} but is {attribute.Type}.");
        }
        return attribute;
    }

    public long Int(string name, long fallback) => Get(name, OnnxAttributeType.Int)?.Int ?? fallback;

    public long RequiredInt(string name) => Get(name, OnnxAttributeType.Int)?.Int ?? throw Fail($"attribute '{name}' is required.");

    public float Float(string name, float fallback) => Get(name, OnnxAttributeType.Float)?.Float ?? fallback;

    public string String(string name, string fallback) => Get(name, OnnxAttributeType.String)?.String ?? fallback;

    public long[] Ints(string name) => Get(name, OnnxAttributeType.Ints)?.Ints.ToArray() ?? [];

    public long[]? IntsOrNull(string name) => Get(name, OnnxAttributeType.Ints)?.Ints.ToArray();

    public float[] Floats(string name) => Get(name, OnnxAttributeType.Floats)?.Floats.ToArray() ?? [];

    public string[] Strings(string name) => Get(name, OnnxAttributeType.Strings)?.Strings.ToArray() ?? [];

    public OnnxTensor? TensorAttribute(string name) => Get(name, OnnxAttributeType.Tensor)?.Tensor;

    /// <summary>A float list given either as <c>name</c> (floats) or <c>name_as_tensor</c> (a tensor, read as double).</summary>
    public double[] FloatsOrTensor(string name)
    {
        var tensor = TensorAttribute(name + "_as_tensor");
        if (tensor is not null)
        {
            return TensorConversion.ToDoubles(TensorConversion.FromOnnx(tensor, this));
        }
        return Array.ConvertAll(Floats(name), f => (double)f);
    }

    public bool IsTensorAttribute(string name) => _attributes.ContainsKey(name + "_as_tensor");

    public int Axis(long axis, int rank, string what = "axis")
    {
        if (axis < -rank || axis >= rank)
        {
            throw Fail($"{what} {axis} is out of range for rank {rank}.");
        }
        return (int)(axis < 0 ? axis + rank : axis);
    }

    public static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>How nodes are named in messages.</summary>
internal static class NodeNames
{
    public static string Label(OnnxNode node)
    {
        var domain = node.Domain.Length == 0 ? "ai.onnx" : node.Domain;
        return node.Name.Length > 0 ? $"node '{node.Name}' ({domain}.{node.OpType})" : $"{domain}.{node.OpType} node producing '{string.Join("', '", node.Outputs)}'";
    }
}
