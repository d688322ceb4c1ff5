namespace MlOps.Onnx.Evaluation;

/// <summary>
/// A sequence of maps that all share the same keys, as ZipMap produces: one map per row, from class label
/// (int64 or string) to probability. Stored densely: <see cref="Values"/> is row-major [Count, keys].
/// </summary>
public sealed class MapSequence : OnnxValue
{
    /// <summary>Creates a sequence of <paramref name="count"/> maps with int64 keys.</summary>
    public MapSequence(long[] keys, float[] values, int count)
        : this(keys, null, values, count)
    {
    }

    /// <summary>Creates a sequence of <paramref name="count"/> maps with string keys.</summary>
    public MapSequence(string[] keys, float[] values, int count)
        : this(null, keys, values, count)
    {
    }

    private MapSequence(long[]? int64Keys, string[]? stringKeys, float[] values, int count)
    {
        var keyCount = int64Keys?.Length ?? stringKeys!.Length;
        if (values.Length != (long)keyCount * count)
        {
            throw new ArgumentException($"Expected {keyCount * (long)count} values, got {values.Length}.", nameof(values));
        }
        Int64Keys = int64Keys;
        StringKeys = stringKeys;
        Values = values;
        Count = count;
    }

    /// <summary>The keys when they are integers, else null.</summary>
    public IReadOnlyList<long>? Int64Keys { get; }

    /// <summary>The keys when they are strings, else null.</summary>
    public IReadOnlyList<string>? StringKeys { get; }

    /// <summary>The number of keys in every map.</summary>
    public int KeyCount => Int64Keys?.Count ?? StringKeys!.Count;

    /// <summary>The number of maps (rows).</summary>
    public int Count { get; }

    /// <summary>The values, row-major: map <c>i</c>, key <c>j</c> is at <c>i * KeyCount + j</c>.</summary>
    public float[] Values { get; }

    /// <summary>Key <paramref name="j"/> as text (the form used in output column names).</summary>
    public string KeyText(int j) => Int64Keys is { } ints
        ? ints[j].ToString(System.Globalization.CultureInfo.InvariantCulture)
        : StringKeys![j];

    /// <summary>Map <paramref name="i"/> as a dictionary (allocates; for inspection and tests).</summary>
    public IReadOnlyDictionary<string, float> GetMap(int i)
    {
        var map = new Dictionary<string, float>(KeyCount, StringComparer.Ordinal);
        for (var j = 0; j < KeyCount; j++)
        {
            map[KeyText(j)] = Values[(i * KeyCount) + j];
        }
        return map;
    }

    /// <inheritdoc />
    public override string Describe() =>
        $"seq(map({(Int64Keys is null ? "string" : "int64")},float))[{Count}]";
}
