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
    private readonly Compilation _compilation;
    private INamedTypeSymbol? _operationCanceledException;
    private INamedTypeSymbol? _logger;
    private INamedTypeSymbol? _loggerExtensions;
    private readonly object _gate = new();
    private volatile bool _loggingResolved;

    private KnownSymbols(Compilation compilation)
    {
        _compilation = compilation;
        if (!MayUseGovernedApis(compilation))
        {
            // The usual project: no ONNX Runtime, ML.NET or MlOps.Runtime anywhere, so skip ~12 lookups
            // through every referenced assembly.
            return;
        }

        InferenceSession = Get(compilation, "Microsoft.ML.OnnxRuntime.InferenceSession");
        NamedOnnxValue = Get(compilation, "Microsoft.ML.OnnxRuntime.NamedOnnxValue");
        OrtValue = Get(compilation, "Microsoft.ML.OnnxRuntime.OrtValue");
        DenseTensor = Get(compilation, "Microsoft.ML.OnnxRuntime.Tensors.DenseTensor`1");
        PredictionEngine = Get(compilation, "Microsoft.ML.PredictionEngine`2");
        // ML.NET declares Predict(TSrc) on the base class, not on PredictionEngine itself.
        PredictionEngineBase = Get(compilation, "Microsoft.ML.PredictionEngineBase`2");
        PredictionEnginePool = Get(compilation, "Microsoft.Extensions.ML.PredictionEnginePool`2");
        DataOperationsCatalog = Get(compilation, "Microsoft.ML.DataOperationsCatalog");
        Transformer = Get(compilation, "Microsoft.ML.ITransformer");
        ModelOperationsCatalog = Get(compilation, "Microsoft.ML.ModelOperationsCatalog");
        LoadColumnAttribute = Get(compilation, "Microsoft.ML.Data.LoadColumnAttribute");
        ColumnNameAttribute = Get(compilation, "Microsoft.ML.Data.ColumnNameAttribute");
        GovernedModel = Get(compilation, "MlOps.Runtime.GovernedModel");
        AuditLog = Get(compilation, "MlOps.Runtime.Auditing.AuditLog");
        AuditEntry = Get(compilation, "MlOps.Runtime.Auditing.AuditEntry");
    }

    public INamedTypeSymbol? InferenceSession { get; }

    public INamedTypeSymbol? NamedOnnxValue { get; }

    public INamedTypeSymbol? OrtValue { get; }

    public INamedTypeSymbol? DenseTensor { get; }

    public INamedTypeSymbol? PredictionEngine { get; }

    public INamedTypeSymbol? PredictionEngineBase { get; }

    public INamedTypeSymbol? PredictionEnginePool { get; }

    public INamedTypeSymbol? DataOperationsCatalog { get; }

    public INamedTypeSymbol? Transformer { get; }

    public INamedTypeSymbol? ModelOperationsCatalog { get; }

    public INamedTypeSymbol? LoadColumnAttribute { get; }

    public INamedTypeSymbol? ColumnNameAttribute { get; }

    public INamedTypeSymbol? GovernedModel { get; }

    public INamedTypeSymbol? AuditLog { get; }

    public INamedTypeSymbol? AuditEntry { get; }

    public INamedTypeSymbol? OperationCanceledException
    {
        get
        {
            ResolveLogging();
            return _operationCanceledException;
        }
    }

    public INamedTypeSymbol? Logger
    {
        get
        {
            ResolveLogging();
            return _logger;
        }
    }

    public INamedTypeSymbol? LoggerExtensions
    {
        get
        {
            ResolveLogging();
            return _loggerExtensions;
        }
    }

    /// <summary>
    /// True for the ML.NET engines whose first type argument is the model's input type:
    /// <c>PredictionEngine</c>, its base class (which declares <c>Predict</c>) and <c>PredictionEnginePool</c>.
    /// </summary>
    public bool IsPredictionEngine(INamedTypeSymbol? type)
    {
        type = type?.OriginalDefinition;
        return type is not null
            && ((PredictionEngine is not null && SymbolEqualityComparer.Default.Equals(type, PredictionEngine))
                || (PredictionEngineBase is not null && SymbolEqualityComparer.Default.Equals(type, PredictionEngineBase))
                || (PredictionEnginePool is not null && SymbolEqualityComparer.Default.Equals(type, PredictionEnginePool)));
    }

    /// <summary>True when a built-in inference API is visible to the compilation.</summary>
    public bool HasBuiltInInference =>
        InferenceSession is not null || PredictionEngine is not null || PredictionEnginePool is not null || Transformer is not null || GovernedModel is not null;

    /// <summary>The symbols of <paramref name="compilation"/>, resolved once and shared by every rule.</summary>
    public static KnownSymbols Create(Compilation compilation) => Cache.GetValue(compilation, c => new KnownSymbols(c));

    /// <summary>
    /// Resolves a type by metadata name: null when absent, or when two assemblies define it (then the
    /// rules that need it stay silent rather than guess).
    /// </summary>
    internal static INamedTypeSymbol? Get(Compilation compilation, string metadataName) =>
        compilation.GetTypeByMetadataName(metadataName);

    /// <summary>
    /// Cheap pre-check without symbol lookups: a referenced ONNX Runtime, ML.NET or MlOps assembly, or
    /// source that declares the Microsoft.ML or MlOps namespaces.
    /// </summary>
    private static bool MayUseGovernedApis(Compilation compilation)
    {
        foreach (var reference in compilation.ReferencedAssemblyNames)
        {
            if (IsGovernedName(reference.Name))
            {
                return true;
            }
        }

        // Stand-in declarations in source (tests, samples): the source assembly's own namespaces, which the
        // compiler has built for binding anyway.
        var global = compilation.Assembly.GlobalNamespace;
        foreach (var member in global.GetMembers("MlOps"))
        {
            if (member is INamespaceSymbol)
            {
                return true;
            }
        }

        foreach (var member in global.GetMembers("Microsoft"))
        {
            if (member is INamespaceSymbol microsoft)
            {
                foreach (var ml in microsoft.GetMembers("ML"))
                {
                    return ml is INamespaceSymbol;
                }
            }
        }

        return false;
    }

    private static bool IsGovernedName(string name) =>
        name.StartsWith("Microsoft.ML", System.StringComparison.Ordinal) || name.StartsWith("MlOps", System.StringComparison.Ordinal)
        || name.StartsWith("Microsoft.Extensions.ML", System.StringComparison.Ordinal);

    /// <summary>Resolved on first use only: MLOPS005 needs them, and only where a model is called.</summary>
    private void ResolveLogging()
    {
        if (_loggingResolved)
        {
            return;
        }

        lock (_gate)
        {
            _operationCanceledException ??= Get(_compilation, "System.OperationCanceledException");
            _logger ??= Get(_compilation, "Microsoft.Extensions.Logging.ILogger");
            _loggerExtensions ??= Get(_compilation, "Microsoft.Extensions.Logging.LoggerExtensions");
            _loggingResolved = true;
        }
    }

    private static readonly ConditionalWeakTable<Compilation, KnownSymbols> Cache = new();
}
