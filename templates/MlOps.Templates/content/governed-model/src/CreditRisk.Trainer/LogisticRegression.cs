namespace CreditRisk.Trainer;

/// <summary>
/// L2-regularised binary logistic regression fitted by Newton's method (iteratively reweighted least
/// squares). Full-batch and with fixed summation orders, so the same data gives the same coefficients
/// bit for bit; no random initialisation is needed (the problem is convex, Newton starts from zero).
/// </summary>
public sealed class LogisticRegression
{
    private LogisticRegression(double[] weights, double intercept, int iterations, double logLoss)
    {
        Weights = weights;
        Intercept = intercept;
        Iterations = iterations;
        TrainingLogLoss = logLoss;
    }

    /// <summary>The coefficient of each encoded column (logit of the positive class).</summary>
    public double[] Weights { get; }

    /// <summary>The intercept (not regularised).</summary>
    public double Intercept { get; }

    /// <summary>Newton steps taken until convergence.</summary>
    public int Iterations { get; }

    /// <summary>The mean log loss on the training rows at the solution.</summary>
    public double TrainingLogLoss { get; }

    /// <summary>Fits the model.</summary>
    /// <param name="x">Encoded rows.</param>
    /// <param name="y">1 for the positive class, 0 otherwise.</param>
    /// <param name="l2">The penalty λ on ½‖w‖² added to the summed log loss (scikit-learn's 1/C).</param>
    /// <param name="maxIterations">An upper bound on Newton steps.</param>
    /// <param name="tolerance">Stop when no parameter moves more than this.</param>
    /// <param name="progress">Called after each step with the step number and the mean log loss.</param>
    public static LogisticRegression Fit(double[][] x, int[] y, double l2, int maxIterations, double tolerance,
        Action<int, double>? progress = null)
    {
        var n = x.Length;
        var d = x[0].Length;
        var p = d + 1; // the intercept is the last parameter
        var theta = new double[p];
        var iterations = 0;
        for (var step = 1; step <= maxIterations; step++)
        {
            var gradient = new double[p];
            var hessian = new double[p, p];
            for (var i = 0; i < n; i++)
            {
                var prob = Sigmoid(Logit(theta, x[i]));
                var residual = prob - y[i];
                var weight = prob * (1 - prob);
                for (var a = 0; a < p; a++)
                {
                    var xa = a < d ? x[i][a] : 1.0;
                    if (xa == 0)
                    {
                        continue;
                    }
                    gradient[a] += residual * xa;
                    for (var b = 0; b <= a; b++)
                    {
                        var xb = b < d ? x[i][b] : 1.0;
                        hessian[a, b] += weight * xa * xb;
                    }
                }
            }
            for (var a = 0; a < d; a++)
            {
                gradient[a] += l2 * theta[a];
                hessian[a, a] += l2;
            }
            for (var a = 0; a < p; a++)
            {
                for (var b = a + 1; b < p; b++)
                {
                    hessian[a, b] = hessian[b, a];
                }
            }
            var delta = CholeskySolve(hessian, gradient);
            var largest = 0.0;
            for (var a = 0; a < p; a++)
            {
                theta[a] -= delta[a];
                largest = Math.Max(largest, Math.Abs(delta[a]));
            }
            iterations = step;
            progress?.Invoke(step, MeanLogLoss(theta, x, y));
            if (largest < tolerance)
            {
                break;
            }
        }
        return new LogisticRegression(theta[..d], theta[d], iterations, MeanLogLoss(theta, x, y));
    }

    /// <summary>The probability of the positive class for one encoded row.</summary>
    public double PredictProbability(double[] row) => Sigmoid(Logit([.. Weights, Intercept], row));

    private static double Logit(double[] theta, double[] row)
    {
        var z = theta[^1];
        for (var a = 0; a < row.Length; a++)
        {
            z += theta[a] * row[a];
        }
        return z;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static double MeanLogLoss(double[] theta, double[][] x, int[] y)
    {
        double sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var prob = Math.Clamp(Sigmoid(Logit(theta, x[i])), 1e-15, 1 - 1e-15);
            sum -= y[i] == 1 ? Math.Log(prob) : Math.Log(1 - prob);
        }
        return sum / x.Length;
    }

    // The Hessian plus λI is symmetric positive definite for λ > 0 on the weights; the intercept's
    // diagonal entry is the sum of p(1-p) > 0, so Cholesky applies.
    private static double[] CholeskySolve(double[,] a, double[] b)
    {
        var n = b.Length;
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }
                if (i == j)
                {
                    if (sum <= 0)
                    {
                        throw new InvalidOperationException("The Hessian is not positive definite; increase the L2 penalty.");
                    }
                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }
        var z = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++)
            {
                sum -= l[i, k] * z[k];
            }
            z[i] = sum / l[i, i];
        }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = z[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= l[k, i] * x[k];
            }
            x[i] = sum / l[i, i];
        }
        return x;
    }
}
