using MlOps.Onnx.Evaluation;

namespace MlOps.Governance.Explanations;

/// <summary>
/// What the linear and the TreeSHAP explainer share: the slots come from the model's own featurizer, each row's
/// contributions are computed per slot, and a data column's contribution is the sum of its slots' (so a one-hot
/// encoded column gets the sum of its categories' contributions).
/// </summary>
internal abstract class SlotExplainer : ILocalExplainer
{
    private readonly SlotReader _reader;
    private readonly int[] _slotFeature;

    protected SlotExplainer(SlotReader reader, FeatureSlots slots, string method, string margin, double expectedValue)
    {
        _reader = reader;
        _slotFeature = slots.SlotFeature;
        Features = slots.Features;
        Method = method;
        Margin = margin;
        ExpectedValue = expectedValue;
    }

    /// <inheritdoc/>
    public string Method { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Features { get; }

    /// <inheritdoc/>
    public double ExpectedValue { get; }

    /// <inheritdoc/>
    public string Margin { get; }

    /// <inheritdoc/>
    public void Explain(IReadOnlyDictionary<string, OnnxValue> inputs, int rows, Span<double> contributions, Span<double> margins)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var featureCount = Features.Count;
        if (contributions.Length < rows * featureCount || margins.Length < rows)
        {
            throw new ArgumentException($"Room for {rows} rows × {featureCount} contributions and {rows} margins is needed.");
        }
        if (rows == 0)
        {
            return;
        }
        var width = _reader.Width;
        var slots = _reader.Read(inputs, rows);
        // Rows are independent (TreeSHAP costs milliseconds a row on deep forests): chunks of rows run in parallel, each
        // with its own scratch space, into arrays the spans are filled from afterwards; the result does not depend on the
        // number of threads.
        var outContributions = new double[rows * featureCount];
        var outMargins = new double[rows];
        var chunks = Math.Min(rows, Environment.ProcessorCount * 4);
        Parallel.For(0, chunks, chunk =>
        {
            var phi = new double[width];
            var state = CreateState();
            for (var r = chunk * rows / chunks; r < (chunk + 1) * rows / chunks; r++)
            {
                Array.Clear(phi);
                outMargins[r] = ExplainRow(slots.AsSpan(r * width, width), phi, state);
                var row = outContributions.AsSpan(r * featureCount, featureCount);
                for (var s = 0; s < width; s++)
                {
                    var feature = _slotFeature[s];
                    if (feature >= 0)
                    {
                        row[feature] += phi[s];
                    }
                }
            }
        });
        outContributions.CopyTo(contributions);
        outMargins.CopyTo(margins);
    }

    /// <summary>Per-batch scratch space (no allocation per row).</summary>
    protected abstract object? CreateState();

    /// <summary>Writes the contribution of each slot of <paramref name="x"/> into <paramref name="phi"/> and returns the margin.</summary>
    protected abstract double ExplainRow(ReadOnlySpan<double> x, Span<double> phi, object? state);
}
