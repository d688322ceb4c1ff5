using System.Collections;

namespace MlOps.Onnx;

/// <summary>
/// A read-only list over an array nobody else holds, so the ONNX object model stays immutable and
/// thread-safe without the cost of System.Collections.Immutable.
/// </summary>
internal sealed class FrozenList<T> : IReadOnlyList<T>
{
    public static readonly FrozenList<T> Empty = new([]);

    private readonly T[] _items;

    private FrozenList(T[] items) => _items = items;

    /// <summary>Takes ownership of <paramref name="items"/>: the caller must not keep or change it.</summary>
    public static FrozenList<T> Own(T[] items) => items.Length == 0 ? Empty : new FrozenList<T>(items);

    /// <summary>Copies <paramref name="items"/> unless it is already frozen.</summary>
    public static IReadOnlyList<T> Of(IEnumerable<T>? items) => items switch
    {
        null => Empty,
        FrozenList<T> frozen => frozen,
        _ => Own(items.ToArray()),
    };

    public T this[int index] => _items[index];

    public int Count => _items.Length;

    internal ReadOnlySpan<T> Span => _items;

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
