using System.Collections.Concurrent;

namespace MlOps.Onnx.Evaluation.Kernels;

/// <summary>
/// Recycles the arrays of intermediate tensors between runs of one session, so large batches do not pay for
/// fresh memory (page faults) on every run. Only arrays rented during a run and released by it (no live value
/// still uses them) go back; outputs handed to the caller are recycled only when the caller hands them back (it
/// disposes the <see cref="RecycledOutputs"/> of <see cref="InferenceSession.RunRecycled"/>). Kernels rent through
/// <see cref="Rent{T}"/>, which falls back to a plain allocation outside a run.
/// </summary>
internal sealed class Buffers
{
    private const int PerSize = 4;
    private const int MinLength = 16 * 1024;

    [ThreadStatic]
    private static Run? t_current;

    private readonly ConcurrentDictionary<(Type, int), ConcurrentBag<Array>> _free = new();

    /// <summary>An array of exactly <paramref name="length"/> elements whose contents are undefined: the caller writes every element.</summary>
    public static T[] Rent<T>(int length)
    {
        var run = t_current;
        if (run is null || length < MinLength)
        {
            return GC.AllocateUninitializedArray<T>(length);
        }
        if (run.Owner._free.TryGetValue((typeof(T), length), out var bag) && bag.TryTake(out var array))
        {
            run.Rented.Add(array);
            return (T[])array;
        }
        var fresh = GC.AllocateUninitializedArray<T>(length);
        run.Rented.Add(fresh);
        return fresh;
    }

    /// <summary>
    /// Takes back an array for later runs. The caller guarantees that nothing uses it any more: a run's released
    /// intermediates, or the outputs of a <see cref="RecycledOutputs"/> its owner disposed.
    /// </summary>
    public void Return(Array array)
    {
        var bag = _free.GetOrAdd((array.GetType().GetElementType()!, array.Length), _ => []);
        if (bag.Count < PerSize)
        {
            bag.Add(array);
        }
    }

    /// <summary>Makes this pool the current one on this thread until the returned run is disposed.</summary>
    public Run Begin() => new(this);

    /// <summary>One session run's rentals.</summary>
    internal sealed class Run : IDisposable
    {
        private readonly Run? _previous;

        public Run(Buffers owner)
        {
            Owner = owner;
            _previous = t_current;
            t_current = this;
        }

        public Buffers Owner { get; }

        public HashSet<Array> Rented { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>Returns <paramref name="array"/> to the pool if this run rented it and <paramref name="live"/> no longer uses it.</summary>
        public void Release(Array array, OnnxValue?[] live)
        {
            if (!Rented.Contains(array))
            {
                return;
            }
            foreach (var value in live)
            {
                if (value is Tensor t && ReferenceEquals(t.Buffer, array))
                {
                    return;
                }
            }
            Rented.Remove(array);
            Owner.Return(array);
        }

        /// <summary>True when <paramref name="array"/> was rented in this run (so the pool may take it back once its user is done).</summary>
        public bool IsRented(Array array) => Rented.Contains(array);

        public void Dispose() => t_current = _previous;
    }
}
