using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace MlOps.Analyzers.Infrastructure;

/// <summary>
/// The inference, loading and audit types the rules look for, resolved once per compilation by metadata
/// name, so a project needs no reference to ONNX Runtime, ML.NET or MlOps.Runtime for the rules to work.
/// A type the compilation does not know is null and the checks that need it cost nothing.
/// </summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation)
    {
        InferenceSession = Get(compilation, "Microsoft.ML.OnnxRuntime.InferenceSession");
        NamedOnnxValue = Get(compilation, "Microsoft.ML.OnnxRuntime.NamedOnnxValue");
        OrtValue = Get(compilation, "Microsoft.ML.OnnxRuntime.OrtValue");
        DenseTensor = Get(compilation, "Microsoft.ML.OnnxRuntime.Tensors.DenseTensor`1");
        PredictionEngine = Get(compilation, "Microsoft.ML.PredictionEngine`2");
        Transformer = Get(compilation, "Microsoft.ML.ITransformer");
        ModelOperationsCatalog = Get(compilation, "Microsoft.ML.ModelOperationsCatalog");
        LoadColumnAttribute = Get(compilation, "Microsoft.ML.Data.LoadColumnAttribute");
        ColumnNameAttribute = Get(compilation, "Microsoft.ML.Data.ColumnNameAttribute");
        GovernedModel = Get(compilation, "MlOps.Runtime.GovernedModel");
        AuditLog = Get(compilation, "MlOps.Runtime.Auditing.AuditLog");
        AuditEntry = Get(compilation, "MlOps.Runtime.Auditing.AuditEntry");
        OperationCanceledException = Get(compilation, "System.OperationCanceledException");
        Logger = Get(compilation, "Microsoft.Extensions.Logging.ILogger");
        LoggerExtensions = Get(compilation, "Microsoft.Extensions.Logging.LoggerExtensions");
    }

    public INamedTypeSymbol? InferenceSession { get; }

    public INamedTypeSymbol? NamedOnnxValue { get; }

    public INamedTypeSymbol? OrtValue { get; }

    public INamedTypeSymbol? DenseTensor { get; }

    public INamedTypeSymbol? PredictionEngine { get; }

    public INamedTypeSymbol? Transformer { get; }

    public INamedTypeSymbol? ModelOperationsCatalog { get; }

    public INamedTypeSymbol? LoadColumnAttribute { get; }

    public INamedTypeSymbol? ColumnNameAttribute { get; }

    public INamedTypeSymbol? GovernedModel { get; }

    public INamedTypeSymbol? AuditLog { get; }

    public INamedTypeSymbol? AuditEntry { get; }

    public INamedTypeSymbol? OperationCanceledException { get; }

    public INamedTypeSymbol? Logger { get; }

    public INamedTypeSymbol? LoggerExtensions { get; }

    /// <summary>True when a built-in inference API is visible to the compilation.</summary>
    public bool HasBuiltInInference =>
        InferenceSession is not null || PredictionEngine is not null || Transformer is not null || GovernedModel is not null;

    /// <summary>The symbols of <paramref name="compilation"/>, resolved once and shared by every rule.</summary>
    public static KnownSymbols Create(Compilation compilation) => Cache.GetValue(compilation, c => new KnownSymbols(c));

    /// <summary>
    /// Resolves a type by metadata name: null when absent, or when two assemblies define it (then the
    /// rules that need it stay silent rather than guess).
    /// </summary>
    internal static INamedTypeSymbol? Get(Compilation compilation, string metadataName) =>
        compilation.GetTypeByMetadataName(metadataName);

    private static readonly ConditionalWeakTable<Compilation, KnownSymbols> Cache = new();
}
