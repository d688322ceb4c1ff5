using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace MlOps.Analyzers.Tests.Infrastructure;

/// <summary>
/// What the test sources compile against: the real net8.0 reference assemblies (Basic.Reference.Assemblies,
/// restored with the test project, so nothing is downloaded while the tests run) and the real package
/// assemblies the rules look for: ML.NET, ONNX Runtime, Microsoft.Extensions.Logging and MlOps.Runtime
/// (GovernedModel, AuditLog) with its dependencies, taken from the test's own output folder.
/// </summary>
internal static class TestReferences
{
    /// <summary>
    /// An empty reference-assembly set: the testing library would otherwise resolve a reference package
    /// through NuGet at run time (the net8.0 one is not in the local package cache and the feed is partial).
    /// </summary>
    public static ReferenceAssemblies None { get; } = new("net8.0");

    /// <summary>Every reference of a test compilation, created once for the whole run.</summary>
    public static ImmutableArray<MetadataReference> All { get; } = Load();

    private static ImmutableArray<MetadataReference> Load()
    {
        var packages = new[]
        {
            typeof(Microsoft.ML.MLContext).Assembly,
            typeof(Microsoft.ML.IDataView).Assembly,
            typeof(Microsoft.ML.ITransformer).Assembly,
            typeof(Microsoft.ML.Data.LoadColumnAttribute).Assembly,
            typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly,
            typeof(Microsoft.Extensions.Logging.ILogger).Assembly,
            typeof(MlOps.Runtime.GovernedModel).Assembly,
            typeof(MlOps.Runtime.Auditing.AuditLog).Assembly,
        };
        // MlOps.Runtime's public API names types of its own dependencies (MlOps.Onnx's OnnxValue, MlOps.Core,
        // the engine projects), and ML.NET's of its other assemblies: take every one of those that sits beside the tests.
        var beside = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Where(path => Path.GetFileName(path) is var name
                && (name.StartsWith("Microsoft.ML.", StringComparison.Ordinal) || name.StartsWith("MlOps.", StringComparison.Ordinal))
                && !name.StartsWith("MlOps.Analyzers", StringComparison.Ordinal));
        var files = packages.Select(a => a.Location).Concat(beside).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [.. Basic.Reference.Assemblies.Net80.References.All, .. files.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))];
    }
}
