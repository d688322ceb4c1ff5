using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MlOps.Runtime.Telemetry;

/// <summary>
/// The runtime's System.Diagnostics instruments, named "MlOps.Runtime": an ActivitySource with one activity
/// per prediction and a Meter with a prediction counter and a latency histogram. OpenTelemetry picks them
/// up with <c>AddSource("MlOps.Runtime")</c> / <c>AddMeter("MlOps.Runtime")</c>; no package is needed here.
/// </summary>
public static class RuntimeTelemetry
{
    /// <summary>The name of the ActivitySource and the Meter.</summary>
    public const string Name = "MlOps.Runtime";

    /// <summary>The activity (span) name of a prediction.</summary>
    public const string PredictActivityName = "mlops.predict";

    /// <summary>Tag: the model's name.</summary>
    public const string ModelNameTag = "mlops.model.name";

    /// <summary>Tag: the model's version.</summary>
    public const string ModelVersionTag = "mlops.model.version";

    /// <summary>Tag: the artefact digest.</summary>
    public const string ModelDigestTag = "mlops.model.digest";

    /// <summary>Tag: rows scored by the call.</summary>
    public const string RowsTag = "mlops.rows";

    /// <summary>Tag: the audit record's sequence number.</summary>
    public const string AuditSequenceTag = "mlops.audit.sequence";

    private static readonly string? Version = typeof(RuntimeTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>The activity source.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, Version);

    /// <summary>The meter.</summary>
    public static Meter Meter { get; } = new(Name, Version);

    /// <summary>Predictions (calls), tagged with model name and version.</summary>
    public static Counter<long> Predictions { get; } =
        Meter.CreateCounter<long>("mlops.runtime.predictions", "{prediction}", "Prediction calls on governed models.");

    /// <summary>Rows scored, tagged with model name and version.</summary>
    public static Counter<long> PredictedRows { get; } =
        Meter.CreateCounter<long>("mlops.runtime.prediction.rows", "{row}", "Rows scored by governed models.");

    /// <summary>Prediction latency in seconds (scoring plus auditing), tagged with model name and version.</summary>
    public static Histogram<double> PredictionDuration { get; } =
        Meter.CreateHistogram<double>("mlops.runtime.prediction.duration", "s", "Duration of a governed prediction, audit included.");

    /// <summary>Time spent appending the audit record, in seconds.</summary>
    public static Histogram<double> AuditAppendDuration { get; } =
        Meter.CreateHistogram<double>("mlops.runtime.audit.append.duration", "s", "Duration of an audit log append, fsync included.");

    /// <summary>Starts the activity of one prediction (null when nobody listens).</summary>
    public static Activity? StartPrediction(string modelName, string modelVersion, string digest, int rows)
    {
        var activity = ActivitySource.StartActivity(PredictActivityName, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(ModelNameTag, modelName);
            activity.SetTag(ModelVersionTag, modelVersion);
            activity.SetTag(ModelDigestTag, digest);
            activity.SetTag(RowsTag, rows);
        }
        return activity;
    }

    /// <summary>Records one finished prediction on the meter.</summary>
    public static void RecordPrediction(string modelName, string modelVersion, int rows, TimeSpan duration)
    {
        var tags = new TagList { { ModelNameTag, modelName }, { ModelVersionTag, modelVersion } };
        Predictions.Add(1, tags);
        PredictedRows.Add(rows, tags);
        PredictionDuration.Record(duration.TotalSeconds, tags);
    }
}
