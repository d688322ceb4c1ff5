using System.Collections;
using System.Globalization;
using MlOps.Runtime.Auditing;
using Microsoft.Extensions.Logging;

namespace MlOps.Runtime.Logging;

/// <summary>
/// Writes one structured log event per acknowledged audit record, so the service's ordinary logging
/// pipeline (console, Seq, OpenTelemetry logs, ...) sees every prediction with its model identity and
/// chain position. The hash-chained file stays the record of truth; shipping each record's hash elsewhere
/// also gives an independent copy of the chain head, which is what detects a log cut short at the end.
/// </summary>
public sealed class AuditLoggingObserver : IAuditObserver
{
    /// <summary>The event id of the per-record event.</summary>
    public static readonly EventId PredictionAudited = new(5001, "PredictionAudited");

    private const string Template =
        "Prediction audited: {ModelName} {ModelVersion} ({ArtefactDigest}) record {AuditSequence} {AuditHash}, {Rows} row(s) in {LatencyMs} ms for {Caller}";

    private readonly ILogger _logger;
    private readonly LogLevel _level;

    /// <summary>Creates the observer.</summary>
    /// <param name="logger">Where the events go (for example <c>loggerFactory.CreateLogger("MlOps.Runtime.Audit")</c>).</param>
    /// <param name="level">The event level; Information by default.</param>
    public AuditLoggingObserver(ILogger logger, LogLevel level = LogLevel.Information)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _level = level;
    }

    /// <inheritdoc />
    public void OnAppended(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_logger.IsEnabled(_level))
        {
            _logger.Log(_level, PredictionAudited, new State(record), null, static (s, _) => s.ToString());
        }
    }

    /// <summary>The event's named properties, in the form structured-logging providers read.</summary>
    private readonly struct State : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly AuditRecord _r;

        public State(AuditRecord record) => _r = record;

        public int Count => 12;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("ModelName", _r.ModelName),
            1 => new("ModelVersion", _r.ModelVersion),
            2 => new("ArtefactDigest", _r.ArtefactDigest),
            3 => new("AuditSequence", _r.Sequence),
            4 => new("AuditHash", _r.Hash),
            5 => new("Rows", _r.Rows),
            6 => new("LatencyMs", _r.Latency.TotalMilliseconds),
            7 => new("Caller", _r.Caller),
            8 => new("CorrelationId", _r.CorrelationId),
            9 => new("InputSha256", _r.InputSha256),
            10 => new("AuditSegment", _r.SegmentPath),
            11 => new("{OriginalFormat}", Template),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"Prediction audited: {_r.ModelName} {_r.ModelVersion} ({_r.ArtefactDigest}) record {_r.Sequence} {_r.Hash}, {_r.Rows} row(s) in {_r.Latency.TotalMilliseconds} ms for {_r.Caller ?? "(unknown caller)"}");
    }
}
