using MlOps.Diagnostics;
using MlOps.Governance.Statistics;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Fairness;

/// <summary>
/// Counts TP/FP/FN/TN per combination of sensitive values (a "cell"). Group values are interned per column,
/// so a row costs one span lookup per sensitive column and no allocation.
/// </summary>
public sealed class CellCollector
{
    private readonly CategoryCounter[] _values;
    private readonly Dictionary<long, int> _cellIndex = new();
    private readonly List<int[]> _cellGroups = new();
    private readonly List<long[]> _cellCounts = new();
    private readonly int[] _scratch;
    // Cells whose every group index is below DenseGroups (up to 3 columns) are also found through this table:
    // index+1 of the cell at the group indexes packed DenseBits apiece, 0 while not seen.
    private const int DenseBits = 4;
    private const int DenseGroups = 1 << DenseBits;
    private readonly int[]? _dense;
    private long _lastKey = -1;
    private int _lastCell = -1;

    /// <summary>Creates a collector for <paramref name="columns"/> sensitive columns.</summary>
    public CellCollector(int columns)
    {
        if (columns is < 1 or > 4)
        {
            throw new MlOpsException($"Give between 1 and 4 sensitive columns (got {columns}).", fix: "Name at most 4 sensitive columns.", inputs: [UserInputs.SensitiveColumns]);
        }
        _values = Enumerable.Range(0, columns).Select(_ => new CategoryCounter(int.MaxValue)).ToArray();
        _scratch = new int[columns];
        _dense = columns * DenseBits <= 12 ? new int[1 << (columns * DenseBits)] : null;
    }

    /// <summary>One cell: the group index per column and its counts.</summary>
    public sealed record Cell(int[] Groups, ConfusionCounts Counts);

    /// <summary>The value of group <paramref name="index"/> of sensitive column <paramref name="column"/>.</summary>
    public string GroupName(int column, int index) => _values[column].KeyAt(index);

    /// <summary>Counts the current row of <paramref name="reader"/>.</summary>
    /// <exception cref="MlOpsException">A sensitive value is empty.</exception>
    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(ITableReader reader, int[] sensitiveColumns, bool actual, bool predicted)
    {
        long key = 0;
        var dense = 0;
        for (var c = 0; c < sensitiveColumns.Length; c++)
        {
            var span = reader.GetSpan(sensitiveColumns[c]);
            if (span.IsWhiteSpace())
            {
                throw new MlOpsException(
                    $"The sensitive column '{reader.Header[sensitiveColumns[c]]}' is empty on {reader.Position}: the row belongs to no group.",
                    reader.Path, reader.LineNumber,
                    "Fill in the sensitive value (use an explicit value such as 'unknown' when it was not recorded), or drop the row.",
                    column: sensitiveColumns[c] + 1);
            }
            var g = _values[c].Add(span);
            if (g >= 65536)
            {
                throw new MlOpsException(
                    $"The sensitive column '{reader.Header[sensitiveColumns[c]]}' has more than 65,536 distinct values: it is not a group label.",
                    reader.Path, reader.LineNumber, "Pass a column with a few groups (bin a numeric column such as age into ranges first).");
            }
            _scratch[c] = g;
            key = key * 65536 + g;
            dense = g < DenseGroups ? (dense << DenseBits) | g : int.MinValue;
        }
        if (dense >= 0 && _dense is { } table)
        {
            // The common case: a few groups per column, so the cell's index is one array read, not a hash lookup.
            ref var slot = ref table[dense];
            if (slot == 0)
            {
                AddToCell(key, actual, predicted);
                slot = _lastCell + 1;
                return;
            }
            var counts = _cellCounts[slot - 1];
            counts[actual ? (predicted ? 0 : 2) : (predicted ? 1 : 3)]++;
            return;
        }
        AddToCell(key, actual, predicted);
    }

    /// <summary>Counts a row whose group indexes were already resolved (used by the model-scoring path).</summary>
    public void Add(ReadOnlySpan<string> groupValues, bool actual, bool predicted)
    {
        long key = 0;
        for (var c = 0; c < groupValues.Length; c++)
        {
            var g = _values[c].Add(groupValues[c]);
            _scratch[c] = g;
            key = key * 65536 + g;
        }
        AddToCell(key, actual, predicted);
    }

    /// <summary>Adds the counts of one cell counted elsewhere (a part computed over another shard of the data).</summary>
    public void Add(IReadOnlyList<string> groupValues, ConfusionCounts counts)
    {
        long key = 0;
        for (var c = 0; c < groupValues.Count; c++)
        {
            var g = _values[c].Register(groupValues[c]);
            _scratch[c] = g;
            key = key * 65536 + g;
        }
        AddToCell(key, true, true, counts.TruePositives);
        AddToCell(key, false, true, counts.FalsePositives);
        AddToCell(key, true, false, counts.FalseNegatives);
        AddToCell(key, false, false, counts.TrueNegatives);
    }

    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void AddToCell(long key, bool actual, bool predicted, long count = 1)
    {
        int cell;
        if (key == _lastKey)
        {
            cell = _lastCell;
        }
        else
        {
            if (!_cellIndex.TryGetValue(key, out cell))
            {
                cell = _cellGroups.Count;
                _cellIndex[key] = cell;
                _cellGroups.Add((int[])_scratch.Clone());
                _cellCounts.Add(new long[4]);
            }
            _lastKey = key;
            _lastCell = cell;
        }
        // 0 TP, 1 FP, 2 FN, 3 TN
        var slot = actual ? (predicted ? 0 : 2) : (predicted ? 1 : 3);
        _cellCounts[cell][slot] += count;
    }

    /// <summary>
    /// The cells ordered by their group values (ordinal, column by column), so the order, and with it the
    /// bootstrap's draws, does not depend on the order rows arrived in.
    /// </summary>
    public IReadOnlyList<Cell> Cells() =>
        _cellGroups.Select((g, i) => new Cell(g, new ConfusionCounts(_cellCounts[i][0], _cellCounts[i][1], _cellCounts[i][2], _cellCounts[i][3])))
            .OrderBy(c => string.Join("\u0001", c.Groups.Select((g, column) => GroupName(column, g))), StringComparer.Ordinal)
            .ToList();

    /// <summary>Adds every cell of <paramref name="other"/> (counted over another part of the same file).</summary>
    public void Merge(CellCollector other)
    {
        var names = new string[_values.Length];
        foreach (var cell in other.Cells())
        {
            for (var c = 0; c < names.Length; c++)
            {
                names[c] = other.GroupName(c, cell.Groups[c]);
            }
            long key = 0;
            for (var c = 0; c < names.Length; c++)
            {
                var g = _values[c].Register(names[c]);
                _scratch[c] = g;
                key = key * 65536 + g;
            }
            var k = cell.Counts;
            AddToCell(key, true, true, k.TruePositives);
            AddToCell(key, false, true, k.FalsePositives);
            AddToCell(key, true, false, k.FalseNegatives);
            AddToCell(key, false, false, k.TrueNegatives);
        }
    }
}
