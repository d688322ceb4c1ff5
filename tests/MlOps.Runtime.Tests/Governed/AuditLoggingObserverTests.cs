using Microsoft.Extensions.Logging;
using MlOps.Runtime.Auditing;
using MlOps.Runtime.Logging;
using MlOps.Runtime.Tests.Support;

namespace MlOps.Runtime.Tests.Governed;

public class AuditLoggingObserverTests
{
    [Fact]
    public void Each_record_becomes_one_structured_log_event_with_the_model_identity()
    {
        using var dir = new TempFolder();
        var logger = new CapturingLogger();
        var options = new AuditLogOptions
        {
            TimeProvider = new ManualTimeProvider(AuditFixtures.Start),
            Observers = [new AuditLoggingObserver(logger)],
        };
        AuditRecord record;
        using (var log = AuditLog.Open(dir.File("audit.jsonl"), options))
        {
            record = log.Append(AuditFixtures.Entry(1));
        }

        var (level, eventId, properties, message) = Assert.Single(logger.Events);
        Assert.Equal(LogLevel.Information, level);
        Assert.Equal(AuditLoggingObserver.PredictionAudited, eventId);
        Assert.Equal("credit", properties["ModelName"]);
        Assert.Equal("1.2.0", properties["ModelVersion"]);
        Assert.Equal(AuditFixtures.Digest, properties["ArtefactDigest"]);
        Assert.Equal(1L, properties["AuditSequence"]);
        Assert.Equal(record.Hash, properties["AuditHash"]);
        Assert.Equal("corr-1", properties["CorrelationId"]);
        Assert.StartsWith("Prediction audited: {ModelName}", (string)properties["{OriginalFormat}"]!);
        Assert.Contains($"record 1 {record.Hash}", message);
    }

    [Fact]
    public void A_disabled_level_writes_nothing()
    {
        using var dir = new TempFolder();
        var logger = new CapturingLogger { MinimumLevel = LogLevel.Warning };
        using var log = AuditLog.Open(dir.File("audit.jsonl"), new AuditLogOptions { Observers = [new AuditLoggingObserver(logger)] });
        log.Append(AuditFixtures.Entry(1));
        Assert.Empty(logger.Events);
    }

    private sealed class CapturingLogger : ILogger
    {
        public LogLevel MinimumLevel { get; init; } = LogLevel.Trace;

        public List<(LogLevel, EventId, Dictionary<string, object?>, string)> Events { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = ((IEnumerable<KeyValuePair<string, object?>>)state!).ToDictionary(p => p.Key, p => p.Value);
            Events.Add((logLevel, eventId, properties, formatter(state, exception)));
        }
    }
}
