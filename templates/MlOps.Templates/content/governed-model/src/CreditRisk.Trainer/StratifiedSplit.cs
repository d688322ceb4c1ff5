namespace CreditRisk.Trainer;

/// <summary>
/// A seeded, stratified train/evaluation split: each label keeps its share in both parts. The shuffle
/// uses SplitMix64 (a fixed, documented generator) rather than System.Random so the split is the same
/// on every .NET version and platform.
/// </summary>
public static class StratifiedSplit
{
    /// <summary>Splits row indices; both parts come back in source order.</summary>
    /// <param name="labels">The label of each row.</param>
    /// <param name="evaluationFraction">The share of each label that goes to evaluation (0 &lt; f &lt; 1).</param>
    /// <param name="seed">The seed recorded in the training record.</param>
    public static (int[] Train, int[] Evaluation) Split(IReadOnlyList<string> labels, double evaluationFraction, ulong seed)
    {
        if (!(evaluationFraction > 0 && evaluationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(evaluationFraction), "The evaluation fraction must be between 0 and 1.");
        }
        var train = new List<int>();
        var evaluation = new List<int>();
        // Classes in ordinal order so the generator's sequence is consumed the same way every time.
        foreach (var label in labels.Distinct().Order(StringComparer.Ordinal))
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == label).ToArray();
            var random = new SplitMix64(seed);
            for (var i = members.Length - 1; i > 0; i--)
            {
                var j = (int)random.NextBelow((ulong)(i + 1));
                (members[i], members[j]) = (members[j], members[i]);
            }
            var evaluationCount = (int)Math.Round(members.Length * evaluationFraction, MidpointRounding.AwayFromZero);
            evaluation.AddRange(members.Take(evaluationCount));
            train.AddRange(members.Skip(evaluationCount));
        }
        train.Sort();
        evaluation.Sort();
        return (train.ToArray(), evaluation.ToArray());
    }

    /// <summary>SplitMix64 (Steele, Lea and Flood 2014): tiny, fast, and fully specified.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        // Rejection sampling keeps every index equally likely (no modulo bias).
        public ulong NextBelow(ulong bound)
        {
            var limit = ulong.MaxValue - ulong.MaxValue % bound;
            ulong value;
            do
            {
                value = Next();
            }
            while (value >= limit);
            return value % bound;
        }
    }
}
