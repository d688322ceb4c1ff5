namespace MlOps.Governance.Statistics;

/// <summary>
/// Counts the distinct text values of one column, keyed by the field's span so that counting a row does not
/// allocate a string (only a new category does). Bounded: past <see cref="MaxCategories"/> distinct values,
/// further new values are counted together as <see cref="OtherCount"/>.
/// </summary>
public sealed class CategoryCounter
{
    private int[] _buckets;           // index+1 into _entries, 0 = empty
    private string[] _keys = new string[16];
    private int[] _hashes = new int[16];
    private long[] _counts = new long[16];
    private int _count;

    /// <summary>Creates a counter that keeps at most <paramref name="maxCategories"/> categories.</summary>
    public CategoryCounter(int maxCategories = 1000)
    {
        MaxCategories = maxCategories;
        _buckets = new int[64];
    }

    /// <summary>The most categories kept; later new values go to <see cref="OtherCount"/>.</summary>
    public int MaxCategories { get; }

    /// <summary>The number of values that arrived after the category limit was reached and matched no kept category.</summary>
    public long OtherCount { get; private set; }

    /// <summary>The number of distinct categories kept.</summary>
    public int Count => _count;

    /// <summary>The category at <paramref name="index"/> (in order of first appearance or registration).</summary>
    public string KeyAt(int index) => _keys[index];

    /// <summary>The count of the category at <paramref name="index"/>.</summary>
    public long CountAt(int index) => _counts[index];

    /// <summary>Registers <paramref name="key"/> with a zero count (so reference categories keep their indexes).</summary>
    public int Register(string key) => IndexOf(key, add: true);

    /// <summary>Counts one occurrence of <paramref name="value"/>; returns its index or -1 when it went to "other".</summary>
    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int Add(ReadOnlySpan<char> value)
    {
        var index = IndexOf(value, add: _count < MaxCategories);
        if (index < 0)
        {
            OtherCount++;
            return -1;
        }
        _counts[index]++;
        return index;
    }

    /// <summary>Adds the counts of <paramref name="other"/> (a later part of the same column), category by category.</summary>
    public void Merge(CategoryCounter other)
    {
        for (var i = 0; i < other._count; i++)
        {
            var index = IndexOf(other._keys[i], add: _count < MaxCategories);
            if (index < 0)
            {
                OtherCount += other._counts[i];
            }
            else
            {
                _counts[index] += other._counts[i];
            }
        }
        OtherCount += other.OtherCount;
    }

    /// <summary>The index of <paramref name="value"/>, or -1.</summary>
    public int Find(ReadOnlySpan<char> value) => IndexOf(value, add: false);

    /// <summary>The categories and counts, ordered by ordinal key.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> ToSortedList()
    {
        var list = new List<KeyValuePair<string, long>>(_count);
        for (var i = 0; i < _count; i++)
        {
            list.Add(new KeyValuePair<string, long>(_keys[i], _counts[i]));
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return list;
    }

    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int IndexOf(ReadOnlySpan<char> value, bool add)
    {
        var hash = Hash(value);
        var mask = _buckets.Length - 1;
        var slot = hash & mask;
        while (true)
        {
            var entry = _buckets[slot];
            if (entry == 0)
            {
                break;
            }
            var i = entry - 1;
            if (_hashes[i] == hash && value.SequenceEqual(_keys[i]))
            {
                return i;
            }
            slot = (slot + 1) & mask;
        }
        if (!add)
        {
            return -1;
        }
        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, _count * 2);
            Array.Resize(ref _hashes, _count * 2);
            Array.Resize(ref _counts, _count * 2);
        }
        var index = _count++;
        _keys[index] = value.ToString();
        _hashes[index] = hash;
        _buckets[slot] = index + 1;
        if (_count * 2 > _buckets.Length)
        {
            Rehash();
        }
        return index;
    }

    // FNV-1a over the chars: short category values hash much faster than with the randomised string hash, and
    // the table only needs a good spread, not resistance to crafted input (a column has at most MaxCategories keys).
    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int Hash(ReadOnlySpan<char> value)
    {
        var h = 2166136261u;
        foreach (var c in value)
        {
            h = (h ^ c) * 16777619u;
        }
        return (int)(h ^ (h >> 15));
    }

    private void Rehash()
    {
        _buckets = new int[_buckets.Length * 2];
        var mask = _buckets.Length - 1;
        for (var i = 0; i < _count; i++)
        {
            var slot = _hashes[i] & mask;
            while (_buckets[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            _buckets[slot] = i + 1;
        }
    }
}
