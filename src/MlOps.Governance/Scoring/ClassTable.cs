using System.Globalization;
using MlOps.Diagnostics;
using MlOps.Governance.Tabular;

namespace MlOps.Governance.Scoring;

/// <summary>
/// The classes of a multiclass label and their indexes: the model's classes (fixed, in the model's order; a label
/// outside them is an error, MLOPS150) or, without class probabilities, every value seen (collected, sorted at the
/// end as scikit-learn's <c>unique_labels</c>: numbers by value when every class is a number, else ordinally).
/// A value matches a class as text, else by value when both are numbers (a label 1.0 is the model's class 1).
/// </summary>
public sealed class ClassTable
{
    private readonly List<string> _classes = [];
    private readonly Dictionary<string, int> _byText = new(StringComparer.Ordinal);
    private readonly Dictionary<double, int> _byNumber = new();

    /// <summary>A table of the model's <paramref name="classes"/>; empty: the classes are collected as seen.</summary>
    public ClassTable(IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        Fixed = classes.Count > 0;
        foreach (var c in classes)
        {
            Register(c);
        }
    }

    /// <summary>Whether the classes are the model's rather than collected.</summary>
    public bool Fixed { get; }

    /// <summary>The classes so far, by index.</summary>
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>Raised with the new index when a collected class is added (so counts can grow).</summary>
    public event Action<int>? Added;

    /// <summary>The index of <paramref name="value"/>; a new class when collecting, else -1.</summary>
    public int IndexOf(ReadOnlySpan<char> value)
    {
        var text = value.ToString();
        if (_byText.TryGetValue(text, out var i))
        {
            return i;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && _byNumber.TryGetValue(x, out i))
        {
            return i;
        }
        if (Fixed)
        {
            return -1;
        }
        i = Register(text);
        Added?.Invoke(i);
        return i;
    }

    /// <summary>The class of the row's value in <paramref name="column"/>.</summary>
    /// <exception cref="MlOpsException">An empty value, or (fixed classes) a value that is none of them: MLOPS150.</exception>
    public int Read(ITableReader reader, int column)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var value = reader.GetSpan(column);
        if (value.IsEmpty)
        {
            throw new MlOpsException($"The column '{reader.Header[column]}' is empty on {reader.Position}.", reader.Path, reader.LineNumber,
                "Give every row a class.", column: column + 1);
        }
        var index = IndexOf(value);
        if (index < 0)
        {
            throw new MlOpsException(
                $"The label '{value}' on {reader.Position} is none of the model's classes: {string.Join(", ", _classes.Select(c => $"'{c}'"))}.",
                reader.Path, reader.LineNumber, "Use labels the model knows (check spelling and case), or retrain the model with this class.",
                DiagnosticCatalog.UnknownClass, column: column + 1, inputs: [UserInputs.LabelColumn]);
        }
        return index;
    }

    /// <summary>The indexes in report order: the model's order, or collected classes sorted.</summary>
    public int[] Order()
    {
        var order = Enumerable.Range(0, _classes.Count).ToArray();
        if (Fixed)
        {
            return order;
        }
        var numbers = _classes.Select(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : double.NaN).ToArray();
        return numbers.All(double.IsFinite)
            ? [.. order.OrderBy(i => numbers[i])]
            : [.. order.OrderBy(i => _classes[i], StringComparer.Ordinal)];
    }

    private int Register(string name)
    {
        var index = _classes.Count;
        _classes.Add(name);
        _byText.TryAdd(name, index);
        if (double.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
        {
            _byNumber.TryAdd(x, index);
        }
        return index;
    }
}
