using System.Text;

namespace MlOps.Onnx.Evaluation;

/// <summary>
/// A dense, row-major tensor of one of the supported element types (float, double, int64, int32, bool, string).
/// </summary>
/// <remarks>
/// Tensors passed to and returned from <see cref="InferenceSession.Run(IReadOnlyDictionary{string, OnnxValue})"/>
/// are treated as immutable: the evaluator never writes into an input, and outputs are fresh arrays.
/// </remarks>
public abstract class Tensor : OnnxValue
{
    private protected Tensor(int[] shape, int length)
    {
        Shape = shape;
        Length = length;
    }

    /// <summary>The dimensions, outermost first. A scalar has none.</summary>
    internal int[] Shape { get; }

    /// <summary>The dimensions, outermost first. A scalar has none.</summary>
    public IReadOnlyList<int> Dimensions => Shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>The number of elements (the product of the dimensions).</summary>
    public int Length { get; }

    /// <summary>The element type with ONNX numbering.</summary>
    public abstract OnnxDataType ElementType { get; }

    /// <summary>The elements as an untyped array.</summary>
    public abstract Array Buffer { get; }

    /// <summary>Creates a tensor over <paramref name="data"/> (not copied) with the given shape.</summary>
    /// <exception cref="ArgumentException">The shape does not match the data length or the type is not supported.</exception>
    public static Tensor<T> Create<T>(T[] data, params int[] shape) => new(data, shape);

    /// <summary>Creates a scalar tensor.</summary>
    public static Tensor<T> Scalar<T>(T value) => new([value], []);

    /// <summary>Multiplies dimensions, rejecting negative values and products over the array size limit.</summary>
    internal static int ElementCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Negative dimension {d} in shape {Format(shape)}.");
            }
            count *= d;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException($"Shape {Format(shape)} has too many elements.");
            }
        }
        return (int)count;
    }

    /// <summary>Formats a shape as <c>[2,3]</c>.</summary>
    internal static string Format(ReadOnlySpan<int> shape)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < shape.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            text.Append(shape[i]);
        }
        return text.Append(']').ToString();
    }

    /// <inheritdoc />
    public override string Describe() => $"tensor({ElementTypes.Name(ElementType)}){Format(Shape)}";
}

/// <summary>A dense tensor with elements of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">float, double, long, int, bool or string.</typeparam>
public sealed class Tensor<T> : Tensor
{
    private static readonly OnnxDataType s_elementType = ElementTypes.Of(typeof(T));

    /// <summary>Creates a tensor over <paramref name="data"/> (not copied).</summary>
    public Tensor(T[] data, int[] shape)
        : base(shape, ElementCount(shape))
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != Length)
        {
            throw new ArgumentException($"Shape {Format(shape)} needs {Length} elements but the data has {data.Length}.");
        }
        Data = data;
    }

    /// <summary>The elements, row-major.</summary>
    public T[] Data { get; }

    /// <inheritdoc />
    public override OnnxDataType ElementType => s_elementType;

    /// <inheritdoc />
    public override Array Buffer => Data;

    /// <summary>A tensor of the given shape with fresh (default-initialised) storage.</summary>
    internal static Tensor<T> Allocate(int[] shape) => new(new T[ElementCount(shape)], shape);

    /// <summary>The same data with another shape of equal element count (no copy).</summary>
    internal Tensor<T> Reshaped(int[] shape) => new(Data, shape);
}
