namespace MlOps.Governance.Fairness;

/// <summary>What the model predicts, which decides the fairness figures.</summary>
public enum FairnessTask
{
    /// <summary>Binary classification: selection rate, TPR, FPR per group (the default).</summary>
    Classification,

    /// <summary>Multiclass: the binary figures for each class against the rest (<see cref="ClassFairness"/>).</summary>
    Multiclass,

    /// <summary>Regression: error metrics per group (<see cref="RegressionFairness"/>).</summary>
    Regression,
}

/// <summary>Reads the rows of a fairness file by group: the sensitive values of each row.</summary>
internal static class SensitiveValues
{
    /// <summary>The row's value of each sensitive column.</summary>
    /// <exception cref="MlOpsException">A sensitive value is empty.</exception>
    public static void Read(Tabular.ITableReader reader, int[] columns, string[] values)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            var value = reader.GetSpan(columns[i]);
            if (value.IsEmpty)
            {
                throw new MlOpsException($"The sensitive column '{reader.Header[columns[i]]}' is empty on {reader.Position}: the row belongs to no group.",
                    reader.Path, reader.LineNumber, "Give every row a value in each sensitive column (e.g. 'unknown').", column: columns[i] + 1);
            }
            values[i] = value.ToString();
        }
    }
}
