using System.Globalization;

namespace MlOps.Governance.Tabular;

/// <summary>
/// Decides whether a label text is the positive class: equal text, or equal numbers when both parse
/// (so <c>1</c>, <c>1.0</c> and <c>1e0</c> agree). Also checks that a column holds at most two distinct values.
/// </summary>
public sealed class BinaryLabel
{
    private readonly string _positive;
    private readonly double _positiveNumber;
    private readonly bool _positiveIsNumber;
    private readonly List<string> _seen = new(2);
    private readonly List<bool> _seenPositive = new(2);

    /// <summary>Creates a matcher for <paramref name="positive"/>.</summary>
    public BinaryLabel(string positive)
    {
        _positive = positive.Trim();
        _positiveIsNumber = double.TryParse(_positive, NumberStyles.Float, CultureInfo.InvariantCulture, out _positiveNumber);
    }

    /// <summary>The distinct values seen so far (at most two).</summary>
    public IReadOnlyList<string> Seen => _seen;

    /// <summary>Whether any value matched the positive label.</summary>
    public bool SawPositive { get; private set; }

    /// <summary>
    /// True when field <paramref name="column"/> of the current row is the positive label.
    /// </summary>
    /// <exception cref="MlOpsException">The field is empty or is a third distinct value.</exception>
    // Hot loop: compile optimised at once instead of starting in tier-0 (a CLI run is one long call).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool IsPositive(ITableReader reader, int column, string role)
    {
        var text = reader.GetSpan(column).Trim();
        if (text.IsEmpty)
        {
            throw new MlOpsException($"The {role} column '{reader.Header[column]}' is empty on {reader.Position}.", reader.Path,
                reader.LineNumber, $"Give every row a {role} value, or drop the rows without one.", column: column + 1);
        }
        // Fast path: a value seen before (a binary column has at most two) keeps its answer.
        for (var i = 0; i < _seen.Count; i++)
        {
            if (text.SequenceEqual(_seen[i]))
            {
                return _seenPositive[i];
            }
        }
        var positive = text.SequenceEqual(_positive) ||
            (_positiveIsNumber && FastParse(text, out var x) && x == _positiveNumber);
        if (positive)
        {
            SawPositive = true;
        }
        Track(text, reader, column, role);
        _seenPositive.Add(positive);
        return positive;
    }

    /// <summary>Adds the values another matcher saw (a parallel segment's); false when together they are more than two.</summary>
    internal bool Absorb(BinaryLabel other)
    {
        for (var i = 0; i < other._seen.Count; i++)
        {
            if (!_seen.Contains(other._seen[i]))
            {
                if (_seen.Count == 2)
                {
                    return false;
                }
                _seen.Add(other._seen[i]);
                _seenPositive.Add(other._seenPositive[i]);
            }
        }
        SawPositive |= other.SawPositive;
        return true;
    }

    private void Track(ReadOnlySpan<char> text, ITableReader reader, int column, string role)
    {
        if (_seen.Count == 2)
        {
            throw new MlOpsException(
                $"The {role} column '{reader.Header[column]}' is not binary: {reader.Position} has a third value '{text.ToString()}' after '{_seen[0]}' and '{_seen[1]}'.",
                reader.Path, reader.LineNumber,
                $"A classifier's {role} must have two values (the positive label, '{_positive}', and one other); map the classes to two values first.",
                column: column + 1);
        }
        _seen.Add(text.ToString());
    }

    private static bool FastParse(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
