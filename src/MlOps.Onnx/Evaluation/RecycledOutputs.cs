using System.Collections;
using MlOps.Onnx.Evaluation.Kernels;

namespace MlOps.Onnx.Evaluation;

/// <summary>
/// The outputs of <see cref="InferenceSession.RunRecycled"/>: every graph output by name, like
/// <see cref="InferenceSession.Run(IReadOnlyDictionary{string, OnnxValue})"/> returns, except that disposing them hands
/// their arrays back to the session, whose next runs write into them. A caller that scores batch after batch and is
/// done with each batch's outputs before the next saves the fresh memory a batch would otherwise cost (page faults
/// and garbage collections once outputs are larger than 85 KB), as ONNX Runtime reuses its arena for outputs that
/// were disposed. After <see cref="Dispose"/> the tensors must not be read: a later run overwrites them.
/// </summary>
public sealed class RecycledOutputs : IReadOnlyDictionary<string, OnnxValue>, IDisposable
{
    private readonly IReadOnlyDictionary<string, OnnxValue> _outputs;
    private Buffers? _owner;
    private readonly Array[] _arrays;

    internal RecycledOutputs(IReadOnlyDictionary<string, OnnxValue> outputs, Buffers owner, Array[] arrays)
    {
        _outputs = outputs;
        _owner = owner;
        _arrays = arrays;
    }

    /// <inheritdoc />
    public OnnxValue this[string key] => _outputs[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _outputs.Keys;

    /// <inheritdoc />
    public IEnumerable<OnnxValue> Values => _outputs.Values;

    /// <inheritdoc />
    public int Count => _outputs.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _outputs.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out OnnxValue value) => _outputs.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, OnnxValue>> GetEnumerator() => _outputs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Hands the output arrays back to the session (once; later calls do nothing).</summary>
    public void Dispose()
    {
        var owner = Interlocked.Exchange(ref _owner, null);
        if (owner is null)
        {
            return;
        }
        foreach (var array in _arrays)
        {
            owner.Return(array);
        }
    }
}
