using MlOps.Governance.Scoring;

namespace MlOps.Governance.Explanations;

/// <summary>
/// One data column's values for every row, as the model receives them (numbers already converted to the input's
/// type, or text), collected from the batches of one pass so that the next pass can shuffle them across the whole data set.
/// </summary>
internal sealed class ColumnValues
{
    private readonly int _column;
    private readonly bool _text;
    private double[] _numbers = [];
    private string[] _strings = [];

    public ColumnValues(int column, bool text)
    {
        _column = column;
        _text = text;
    }

    /// <summary>The rows collected.</summary>
    public int Count { get; private set; }

    /// <summary>Appends the column's cells of <paramref name="batch"/>'s rows.</summary>
    public void Collect(InputBinding.InputBatch batch)
    {
        var needed = Count + batch.Count;
        if (_text)
        {
            Grow(ref _strings, needed);
            for (var i = 0; i < batch.Count; i++)
            {
                _strings[Count + i] = batch.GetText(i, _column);
            }
        }
        else
        {
            Grow(ref _numbers, needed);
            for (var i = 0; i < batch.Count; i++)
            {
                _numbers[Count + i] = batch.GetNumber(i, _column);
            }
        }
        Count = needed;
    }

    /// <summary>Writes the value of row <paramref name="source"/> into row <paramref name="row"/> of <paramref name="batch"/>.</summary>
    public void CopyInto(InputBinding.InputBatch batch, int row, int source)
    {
        if (_text)
        {
            batch.SetText(row, _column, _strings[source]);
        }
        else
        {
            batch.SetNumber(row, _column, _numbers[source]);
        }
    }

    private static void Grow<T>(ref T[] array, int needed)
    {
        if (array.Length < needed)
        {
            Array.Resize(ref array, Math.Max(needed, Math.Min(Array.MaxLength, (array.Length * 2) + 1024)));
        }
    }
}
