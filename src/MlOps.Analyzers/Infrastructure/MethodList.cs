using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace MlOps.Analyzers.Infrastructure;

/// <summary>
/// A list of methods named in <c>.editorconfig</c>: comma-separated fully qualified method names
/// (<c>Contoso.Scoring.Scorer.Score</c>) or type names ending in <c>.*</c> (every method of the type).
/// Type names are metadata names (<c>Outer+Inner</c>, <c>Box`1</c>); names the compilation cannot
/// resolve are ignored, because a shared .editorconfig may name types only some projects reference.
/// </summary>
internal sealed class MethodList
{
    public static readonly MethodList Empty = new(new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default), new Dictionary<INamedTypeSymbol, HashSet<string>>(SymbolEqualityComparer.Default));

    private readonly HashSet<INamedTypeSymbol> _wholeTypes;
    private readonly Dictionary<INamedTypeSymbol, HashSet<string>> _methods;

    private MethodList(HashSet<INamedTypeSymbol> wholeTypes, Dictionary<INamedTypeSymbol, HashSet<string>> methods)
    {
        _wholeTypes = wholeTypes;
        _methods = methods;
    }

    public bool IsEmpty => _wholeTypes.Count == 0 && _methods.Count == 0;

    public static MethodList Parse(Compilation compilation, string? value)
    {
        if (value is null || value.Trim().Length == 0)
        {
            return Empty;
        }

        var wholeTypes = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var methods = new Dictionary<INamedTypeSymbol, HashSet<string>>(SymbolEqualityComparer.Default);
        foreach (var raw in value.Split(','))
        {
            var entry = raw.Trim();
            var lastDot = entry.LastIndexOf('.');
            if (lastDot <= 0 || lastDot == entry.Length - 1)
            {
                continue;
            }

            var typeName = entry.Substring(0, lastDot);
            var member = entry.Substring(lastDot + 1);
            var type = KnownSymbols.Get(compilation, typeName);
            if (type is null)
            {
                continue;
            }

            if (member == "*")
            {
                wholeTypes.Add(type);
            }
            else
            {
                if (!methods.TryGetValue(type, out var names))
                {
                    names = new HashSet<string>(StringComparer.Ordinal);
                    methods.Add(type, names);
                }

                names.Add(member);
            }
        }

        return wholeTypes.Count == 0 && methods.Count == 0 ? Empty : new MethodList(wholeTypes, methods);
    }

    /// <summary>
    /// Adds the names of the listed methods to <paramref name="names"/> (for a whole type: the names of all its
    /// members). Returns false when a listed type is a delegate, whose Invoke a call never names.
    /// </summary>
    public bool AddNamesTo(HashSet<string> names)
    {
        var named = true;
        foreach (var type in _wholeTypes)
        {
            named &= type.TypeKind != TypeKind.Delegate;
            foreach (var member in type.MemberNames)
            {
                names.Add(member);
            }
        }

        foreach (var pair in _methods)
        {
            named &= pair.Key.TypeKind != TypeKind.Delegate;
            foreach (var member in pair.Value)
            {
                names.Add(member);
            }
        }

        return named;
    }

    public bool Contains(IMethodSymbol method)
    {
        if (IsEmpty)
        {
            return false;
        }

        var type = method.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return false;
        }

        if (_wholeTypes.Contains(type))
        {
            return true;
        }

        return _methods.TryGetValue(type, out var names) && names.Contains(method.Name);
    }
}
