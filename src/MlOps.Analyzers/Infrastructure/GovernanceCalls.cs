using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlOps.Analyzers.Infrastructure;

/// <summary>
/// Classifies calls: which are inference (a model scores without a governance record) and which are
/// governance logging. One instance per compilation; per-tree options come from the cache.
/// </summary>
internal sealed class GovernanceCalls
{
    private static readonly ConditionalWeakTable<Compilation, Shared> SharedByCompilation = new();

    private readonly MlOpsOptionsCache _options;

    private GovernanceCalls(KnownSymbols symbols, MlOpsOptionsCache options)
    {
        // Everything the rules ask for more than once is computed here, once, so that instances can be shared
        // by all rules and all threads without further synchronization.
        Symbols = symbols;
        _options = options;
        AnyTreeLogging = options.AnyTree(MlOpsOptions.LoggingMethodsKey);
        AnyTreeInference = options.AnyTree(MlOpsOptions.InferenceMethodsKey);
        CanInferAnywhere = symbols.HasBuiltInInference || !AnyTreeInference.IsEmpty;
        InferenceNames = CanInferAnywhere ? InferenceNameFilter.Create(symbols, AnyTreeInference) : InferenceNameFilter.None;
    }

    public KnownSymbols Symbols { get; }

    public static GovernanceCalls Create(Compilation compilation, AnalyzerOptions options) =>
        new(KnownSymbols.Create(compilation), new MlOpsOptionsCache(compilation, options.AnalyzerConfigOptionsProvider));

    /// <summary>
    /// The instance of <paramref name="compilation"/>, created on first use and shared by every rule. Rules
    /// ask for it in their first callback, not in their compilation-start action: by then the compiler has
    /// resolved its references, so the symbol lookups cost microseconds instead of a wait.
    /// </summary>
    public static Lazy<GovernanceCalls> Deferred(Compilation compilation, AnalyzerOptions options) =>
        new(() => For(compilation, options), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// True when a rule that needs an inference or governance API, or the option <paramref name="optionKey"/>,
    /// may find one in <paramref name="compilation"/>; decided without binding (see <see cref="GovernedApiGate"/>).
    /// False means: register nothing, the rule cannot report anything here.
    /// </summary>
    public static bool MayApply(Compilation compilation, AnalyzerOptions options, string? optionKey) =>
        GovernedApiGate.MayUseGovernedApis(compilation)
        || (optionKey is not null && MlOpsOptionsCache.AnyTreeSets(compilation, options.AnalyzerConfigOptionsProvider, optionKey));

    private static GovernanceCalls For(Compilation compilation, AnalyzerOptions options)
    {
        var shared = SharedByCompilation.GetValue(compilation, _ => new Shared(compilation, options));
        // Every rule of one compilation normally gets the same options object; if not, nothing is shared.
        return ReferenceEquals(shared.Options, options) ? shared.Calls.Value : Create(compilation, options);
    }

    public MlOpsOptions OptionsFor(SyntaxTree tree) => _options.For(tree);

    /// <summary>True when some inference API can be called anywhere in the compilation.</summary>
    public bool CanInferAnywhere { get; }

    /// <summary>Every logging method any tree names in <c>mlops.logging_methods</c>.</summary>
    public MethodList AnyTreeLogging { get; }

    /// <summary>Every inference method any tree names in <c>mlops.inference_methods</c>.</summary>
    public MethodList AnyTreeInference { get; }

    /// <summary>Which trees may contain an inference call at all, judged by the methods' names.</summary>
    public InferenceNameFilter InferenceNames { get; }

    /// <summary>True when some inference API can be called in this tree: otherwise a rule can skip it.</summary>
    public bool CanInfer(MlOpsOptions options) => Symbols.HasBuiltInInference || !options.InferenceMethods.IsEmpty;

    /// <summary>
    /// <see cref="IsInference(IMethodSymbol, MlOpsOptions)"/> for a call in <paramref name="tree"/>, looking up that tree's options only when
    /// some tree configures the method: the hot path for every call in a compilation.
    /// </summary>
    public bool IsInference(IMethodSymbol method, SyntaxTree tree) =>
        IsBuiltInInference(method)
        || (AnyTreeInference.Contains(method) && OptionsFor(tree).InferenceMethods.Contains(method));

    /// <summary>True when a call to <paramref name="method"/> scores a model without recording it.</summary>
    public bool IsInference(IMethodSymbol method, MlOpsOptions options) =>
        IsBuiltInInference(method) || options.InferenceMethods.Contains(method);

    private bool IsBuiltInInference(IMethodSymbol method)
    {
        var type = method.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return false;
        }

        var s = Symbols;
        if (s.InferenceSession is not null && SymbolEqualityComparer.Default.Equals(type, s.InferenceSession))
        {
            // Run, RunAsync, RunWithBinding, RunWithBoundResults, ...
            return method.Name.StartsWith("Run", StringComparison.Ordinal);
        }

        // PredictionEngine.Predict (declared on PredictionEngineBase) and PredictionEnginePool.Predict (ASP.NET Core).
        if (method.Name == "Predict" && s.IsPredictionEngine(type))
        {
            return true;
        }

        if (s.Transformer is not null && method.Name == "Transform" && IsTransformer(type, s.Transformer))
        {
            return true;
        }

        if (s.GovernedModel is not null && SymbolEqualityComparer.Default.Equals(type, s.GovernedModel))
        {
            return method.Name.StartsWith("ScoreUnaudited", StringComparison.Ordinal);
        }

        return false;
    }

    /// <summary>
    /// True when a call to <paramref name="method"/> writes a governance record: the audit log, audited
    /// scoring (<c>GovernedModel.Predict</c>), or a method the project names in <c>mlops.logging_methods</c>.
    /// </summary>
    public bool IsLogging(IMethodSymbol method, MlOpsOptions options)
    {
        var type = method.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return false;
        }

        var s = Symbols;
        if (s.AuditLog is not null && SymbolEqualityComparer.Default.Equals(type, s.AuditLog))
        {
            // Opening or disposing the log records nothing.
            return method.MethodKind == MethodKind.Ordinary && method.Name is not ("Open" or "Dispose" or "DisposeAsync");
        }

        if (s.GovernedModel is not null && SymbolEqualityComparer.Default.Equals(type, s.GovernedModel))
        {
            return method.Name.StartsWith("Predict", StringComparison.Ordinal);
        }

        return options.LoggingMethods.Contains(method);
    }

    /// <summary>True for a call that records an error somewhere a person will see it (ILogger).</summary>
    public bool IsErrorLogging(IMethodSymbol method)
    {
        var type = method.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return false;
        }

        return (Symbols.Logger is not null && SymbolEqualityComparer.Default.Equals(type, Symbols.Logger) && method.Name == "Log")
            || (Symbols.LoggerExtensions is not null && SymbolEqualityComparer.Default.Equals(type, Symbols.LoggerExtensions));
    }

    private static bool IsTransformer(INamedTypeSymbol type, INamedTypeSymbol transformer)
    {
        if (SymbolEqualityComparer.Default.Equals(type, transformer))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, transformer))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Shared
    {
        public Shared(Compilation compilation, AnalyzerOptions options)
        {
            Options = options;
            Calls = new Lazy<GovernanceCalls>(() => Create(compilation, options), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public AnalyzerOptions Options { get; }

        public Lazy<GovernanceCalls> Calls { get; }
    }
}
