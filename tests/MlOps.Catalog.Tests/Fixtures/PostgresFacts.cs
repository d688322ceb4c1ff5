using Xunit.Abstractions;
using Xunit.Sdk;

namespace MlOps.Catalog.Tests.Fixtures;

/// <summary>
/// A fact that needs PostgreSQL. Without it the test is skipped on a developer machine (naming the install command)
/// and fails under CI=true, where a missing tool means a broken setup, not a pass.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>Marks a test class whose inherited <see cref="StoreFactAttribute"/> tests need PostgreSQL.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NeedsPostgresAttribute : Attribute;

/// <summary>
/// A fact of the shared store suite: the suite is declared once in an abstract class, so whether a test needs
/// PostgreSQL depends on the subclass running it (<see cref="NeedsPostgresAttribute"/>); the discoverer decides per
/// class, skipping like <see cref="PostgresFactAttribute"/>.
/// </summary>
[XunitTestCaseDiscoverer("MlOps.Catalog.Tests.Fixtures.StoreFactDiscoverer", "MlOps.Catalog.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Finds <see cref="StoreFactAttribute"/> tests, skipped where the class needs a missing PostgreSQL.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needsPostgres = testMethod.TestClass.Class.GetCustomAttributes(typeof(NeedsPostgresAttribute)).Any();
        return
        [
            needsPostgres && PostgresServer.SkipReason is not null
                ? new SkippedStoreTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)
                : new XunitTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod),
        ];
    }
}

/// <summary>A store test skipped because PostgreSQL is missing (the reason is recomputed after deserialization).</summary>
public sealed class SkippedStoreTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedStoreTestCase()
    {
    }

    public SkippedStoreTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method)
        : base(sink, display, options, method)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => PostgresServer.SkipReason ?? "";
}
