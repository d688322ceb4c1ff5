using System.Globalization;

namespace CreditRisk.Trainer;

/// <summary>
/// The preprocessing a scikit-learn ColumnTransformer would do, fitted on the training rows only:
/// numeric columns standardised (population standard deviation, as StandardScaler), categorical columns
/// one-hot encoded over the categories seen in training (unknown categories encode as all zeros, as
/// <c>handle_unknown="ignore"</c>). The ONNX graph repeats exactly this.
/// </summary>
public sealed class FeaturePipeline
{
    private FeaturePipeline(float[] means, float[] scales, IReadOnlyList<string[]> categories)
    {
        Means = means;
        Scales = scales;
        Categories = categories;
        Width = means.Length + categories.Sum(c => c.Length);
    }

    /// <summary>Per numeric feature: the training mean (the Scaler's offset).</summary>
    public float[] Means { get; }

    /// <summary>Per numeric feature: 1 / standard deviation (the Scaler's scale); 1 for a constant column.</summary>
    public float[] Scales { get; }

    /// <summary>Per categorical feature: its categories in ordinal order.</summary>
    public IReadOnlyList<string[]> Categories { get; }

    /// <summary>The length of an encoded row.</summary>
    public int Width { get; }

    /// <summary>The name of each encoded column (<c>age</c>, <c>purpose=radio_tv</c>, ...), for the training record.</summary>
    public IEnumerable<string> ColumnNames =>
        GermanCreditSchema.NumericFeatures.Concat(
            GermanCreditSchema.CategoricalFeatures.SelectMany((name, f) => Categories[f].Select(c => $"{name}={c}")));

    /// <summary>Fits the means, scales and categories on the training rows.</summary>
    public static FeaturePipeline Fit(CreditDataSet data, IReadOnlyList<int> rows)
    {
        var numeric = GermanCreditSchema.NumericFeatures.Select(data.Column).ToArray();
        var means = new float[numeric.Length];
        var scales = new float[numeric.Length];
        for (var f = 0; f < numeric.Length; f++)
        {
            // Values as float first: the model receives float inputs, so it is fitted on what it will see.
            double sum = 0;
            foreach (var r in rows)
            {
                sum += ParseFloat(data, r, numeric[f]);
            }
            var mean = sum / rows.Count;
            double squares = 0;
            foreach (var r in rows)
            {
                var d = ParseFloat(data, r, numeric[f]) - mean;
                squares += d * d;
            }
            var std = Math.Sqrt(squares / rows.Count);
            means[f] = (float)mean;
            scales[f] = std > 0 ? (float)(1.0 / std) : 1f;
        }

        var categories = GermanCreditSchema.CategoricalFeatures
            .Select(name =>
            {
                var column = data.Column(name);
                return rows.Select(r => data.Rows[r][column]).Distinct().Order(StringComparer.Ordinal).ToArray();
            })
            .ToArray();
        return new FeaturePipeline(means, scales, categories);
    }

    /// <summary>Encodes rows into a dense matrix, computing what the ONNX graph computes (float Scaler, one-hot).</summary>
    public double[][] Transform(CreditDataSet data, IReadOnlyList<int> rows)
    {
        var numeric = GermanCreditSchema.NumericFeatures.Select(data.Column).ToArray();
        var categorical = GermanCreditSchema.CategoricalFeatures.Select(data.Column).ToArray();
        var matrix = new double[rows.Count][];
        for (var i = 0; i < rows.Count; i++)
        {
            var x = new double[Width];
            for (var f = 0; f < numeric.Length; f++)
            {
                x[f] = (float)((ParseFloat(data, rows[i], numeric[f]) - Means[f]) * Scales[f]);
            }
            var offset = numeric.Length;
            for (var f = 0; f < categorical.Length; f++)
            {
                var k = Array.BinarySearch(Categories[f], data.Rows[rows[i]][categorical[f]], StringComparer.Ordinal);
                if (k >= 0)
                {
                    x[offset + k] = 1;
                }
                offset += Categories[f].Length;
            }
            matrix[i] = x;
        }
        return matrix;
    }

    private static float ParseFloat(CreditDataSet data, int row, int column) =>
        float.Parse(data.Rows[row][column], NumberStyles.Float, CultureInfo.InvariantCulture);
}
