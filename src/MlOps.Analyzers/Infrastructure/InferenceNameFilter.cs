using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace MlOps.Analyzers.Infrastructure;

/// <summary>
/// A cheap, conservative text test that lets a rule skip a whole syntax tree: an inference call can only
/// occur in a tree whose text names the called method as a whole identifier (the <c>Run</c>... methods of
/// <c>InferenceSession</c>, <c>Predict</c>, <c>Transform</c>, the <c>ScoreUnaudited</c>... methods of
/// <c>GovernedModel</c>, or a method of <c>mlops.inference_methods</c>).
/// Methods the compiler may call without their name in the source (collection initializers' <c>Add</c>,
/// query operators, delegate <c>Invoke</c>, interpolated-string handlers, ...) and identifiers spelled with
/// Unicode escapes or formatting characters (both can spell an identifier differently) make every tree a
/// candidate, so the test never hides a call the rules would report.
/// One instance per compilation; the verdict per tree is computed once.
/// </summary>
internal sealed class InferenceNameFilter
{
    /// <summary>Built-in inference methods matched by exact name on any type (PredictionEngine, ITransformer).</summary>
    private static readonly string[] BuiltInNames = { "Predict", "Transform" };

    /// <summary>Names of methods the compiler may call implicitly, without the name appearing in the source.</summary>
    private static readonly HashSet<string> ImplicitlyCalled = new(StringComparer.Ordinal)
    {
        "Add", "Invoke", "Select", "SelectMany", "Where", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending",
        "GroupBy", "Join", "GroupJoin", "Cast", "AppendLiteral", "AppendFormatted", "GetPinnableReference", "Deconstruct",
        "GetEnumerator", "GetAsyncEnumerator", "MoveNext", "MoveNextAsync", "Current", "Dispose", "DisposeAsync",
        "GetAwaiter", "GetResult", "Slice", "Substring", "Clone", "Create", "Builder",
    };

    /// <summary>For a compilation without any inference API: no tree is a candidate.</summary>
    public static readonly InferenceNameFilter None = new(Array.Empty<string>(), everyTree: false);

    private readonly string[] _exact;
    private readonly bool _everyTree;
    private readonly ConcurrentDictionary<SyntaxTree, bool> _trees = new();

    private InferenceNameFilter(string[] exact, bool everyTree)
    {
        _exact = exact;
        _everyTree = everyTree;
    }

    /// <summary>The filter for the built-in inference APIs plus <paramref name="configured"/> (every tree's list).</summary>
    public static InferenceNameFilter Create(KnownSymbols symbols, MethodList configured)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in BuiltInNames)
        {
            names.Add(name);
        }

        // InferenceSession.Run* and GovernedModel.ScoreUnaudited* match by prefix, but only methods declared on
        // those types count, so their actual names are known ("Runtime..." elsewhere is no candidate).
        AddNamesStartingWith(symbols.InferenceSession, "Run", names);
        AddNamesStartingWith(symbols.GovernedModel, "ScoreUnaudited", names);

        var everyTree = !configured.AddNamesTo(names);
        foreach (var name in names)
        {
            if (ImplicitlyCalled.Contains(name))
            {
                everyTree = true;
            }
        }

        var exact = new string[names.Count];
        names.CopyTo(exact);
        return new InferenceNameFilter(exact, everyTree);
    }

    /// <summary>False only when no invocation in <paramref name="tree"/> can call an inference method.</summary>
    public bool MayCallIn(SyntaxTree tree)
    {
        if (_everyTree)
        {
            return true;
        }

        return _trees.TryGetValue(tree, out var known) ? known : _trees.GetOrAdd(tree, Scan(tree.GetText().ToString()));
    }

    private bool Scan(string text)
    {
        // \u0052un is the identifier Run: escapes defeat a text search, so such a tree is always a candidate.
        if (text.IndexOf("\\u", StringComparison.Ordinal) >= 0 || text.IndexOf("\\U", StringComparison.Ordinal) >= 0 || HasFormattingCharacter(text))
        {
            return true;
        }

        foreach (var name in _exact)
        {
            if (GovernedApiGate.ContainsIdentifier(text, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>C# drops formatting characters (soft hyphen, zero-width joiner, ...) inside identifiers: Ru&#xAD;n is Run.</summary>
    private static bool HasFormattingCharacter(string text)
    {
        foreach (var c in text)
        {
            if (c >= '\u0080' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return true;
            }
        }

        return false;
    }

    private static void AddNamesStartingWith(INamedTypeSymbol? type, string prefix, HashSet<string> names)
    {
        if (type is null)
        {
            return;
        }

        foreach (var member in type.MemberNames)
        {
            if (member.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add(member);
            }
        }
    }

    /// <summary>
    /// How a message names an inference call: the receiver's type as the developer wrote it
    /// (<c>PredictionEngine.Predict</c>, although ML.NET declares <c>Predict</c> on <c>PredictionEngineBase</c>).
    /// </summary>
    public static string CallName(Microsoft.CodeAnalysis.Operations.IInvocationOperation invocation)
    {
        var type = invocation.Instance?.Type is INamedTypeSymbol receiver && receiver.TypeKind != TypeKind.Error
            ? receiver
            : invocation.TargetMethod.ContainingType;
        return type.Name + "." + invocation.TargetMethod.Name;
    }
}
