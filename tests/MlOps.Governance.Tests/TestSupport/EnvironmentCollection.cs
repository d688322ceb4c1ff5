namespace MlOps.Governance.Tests.TestSupport;

/// <summary>Tests that set or depend on the process-wide SOURCE_DATE_EPOCH variable run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class EnvironmentCollection
{
    public const string Name = "SOURCE_DATE_EPOCH environment";
}
