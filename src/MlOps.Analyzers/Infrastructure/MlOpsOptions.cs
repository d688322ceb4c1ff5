using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MlOps.Analyzers.Infrastructure;

/// <summary>The <c>.editorconfig</c> options that apply to one syntax tree.</summary>
internal sealed class MlOpsOptions
{
    public const string InferenceMethodsKey = "mlops.inference_methods";
    public const string LoggingMethodsKey = "mlops.logging_methods";
    public const string SensitiveNamesKey = "mlops.sensitive_names";

    public MlOpsOptions(MethodList inferenceMethods, MethodList loggingMethods, SensitiveNames sensitiveNames)
    {
        InferenceMethods = inferenceMethods;
        LoggingMethods = loggingMethods;
        SensitiveNames = sensitiveNames;
    }

    public MethodList InferenceMethods { get; }

    public MethodList LoggingMethods { get; }

    public SensitiveNames SensitiveNames { get; }
}

/// <summary>
/// Reads and resolves the options once per distinct value per compilation: most trees share one
/// .editorconfig section, so symbol lookups happen a handful of times, not per tree.
/// </summary>
internal sealed class MlOpsOptionsCache
{
    private readonly Compilation _compilation;
    private readonly AnalyzerConfigOptionsProvider _provider;
    private readonly ConcurrentDictionary<string, MethodList> _methodLists = new();
    private readonly ConcurrentDictionary<string, SensitiveNames> _sensitive = new();
    private readonly ConcurrentDictionary<SyntaxTree, MlOpsOptions> _trees = new();

    public MlOpsOptionsCache(Compilation compilation, AnalyzerConfigOptionsProvider provider)
    {
        _compilation = compilation;
        _provider = provider;
    }

    public MlOpsOptions For(SyntaxTree tree) => _trees.GetOrAdd(tree, Create);

    /// <summary>
    /// True when some tree of the compilation (or the global config) sets <paramref name="key"/> to a method
    /// list that resolves. Lets a rule register nothing at all in the usual project that calls no model.
    /// </summary>
    public bool ConfiguresMethods(string key)
    {
        if (!Methods(Read(_provider.GlobalOptions, key)).IsEmpty)
        {
            return true;
        }

        foreach (var tree in _compilation.SyntaxTrees)
        {
            if (_provider.GetOptions(tree).TryGetValue(key, out var value) && !Methods(value).IsEmpty)
            {
                return true;
            }
        }

        return false;
    }

    private MlOpsOptions Create(SyntaxTree tree)
    {
        var options = _provider.GetOptions(tree);
        return new MlOpsOptions(
            Methods(Read(options, MlOpsOptions.InferenceMethodsKey)),
            Methods(Read(options, MlOpsOptions.LoggingMethodsKey)),
            Sensitive(Read(options, MlOpsOptions.SensitiveNamesKey)));
    }

    private string? Read(AnalyzerConfigOptions treeOptions, string key)
    {
        if (treeOptions.TryGetValue(key, out var value) || _provider.GlobalOptions.TryGetValue(key, out value))
        {
            return value;
        }

        return null;
    }

    private MethodList Methods(string? value) =>
        value is null ? MethodList.Empty : _methodLists.GetOrAdd(value, v => MethodList.Parse(_compilation, v));

    private SensitiveNames Sensitive(string? value) =>
        value is null || value.Trim().Length == 0 ? SensitiveNames.Default : _sensitive.GetOrAdd(value, SensitiveNames.Parse);
}
