using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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

    public MlOpsOptions For(SyntaxTree tree) => _trees.TryGetValue(tree, out var options) ? options : _trees.GetOrAdd(tree, Create(tree));

    /// <summary>
    /// The union of the method lists that any tree of the compilation (or the global config) sets for
    /// <paramref name="key"/>. Empty in the usual project, which lets a rule register nothing at all; otherwise a
    /// cheap first filter before the per-tree lookup.
    /// </summary>
    public MethodList AnyTree(string key)
    {
        var values = new List<string>();
        if (Read(_provider.GlobalOptions, key) is { } global)
        {
            values.Add(global);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in _compilation.SyntaxTrees)
        {
            if (_provider.GetOptions(tree).TryGetValue(key, out var value) && seen.Add(value))
            {
                values.Add(value);
            }
        }

        return values.Count == 0 ? MethodList.Empty : Methods(string.Join(",", values));
    }

    /// <summary>
    /// True when the global config or some tree sets a non-blank <paramref name="key"/>: reads the option text
    /// only, resolves nothing, so it is safe in a compilation-start action.
    /// </summary>
    public static bool AnyTreeSets(Compilation compilation, AnalyzerConfigOptionsProvider provider, string key)
    {
        if (provider.GlobalOptions.TryGetValue(key, out var global) && global.Trim().Length > 0)
        {
            return true;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (provider.GetOptions(tree).TryGetValue(key, out var value) && value.Trim().Length > 0)
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
