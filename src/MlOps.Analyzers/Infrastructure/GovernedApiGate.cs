using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlOps.Analyzers.Infrastructure;

/// <summary>
/// Decides, without binding anything, whether a compilation can possibly use ONNX Runtime, ML.NET or
/// MlOps.Runtime. A rule's compilation-start action runs while the compiler is still resolving references
/// and declarations on another thread; asking for symbols there waits for that work (~80 ms on a large
/// project) and the wait is billed to the analyzer. This test reads only what exists before binding: the
/// referenced files' assembly names and the namespace declarations of the parsed trees. It answers the same
/// question as <see cref="KnownSymbols"/>' own pre-check (or says "maybe" more often), so "false" means every
/// known symbol is null for sure.
/// </summary>
internal static class GovernedApiGate
{
    private static readonly ConditionalWeakTable<Compilation, object> Cache = new();
    private static readonly object Yes = new();
    private static readonly object No = new();

    /// <summary>False only when no ONNX Runtime, ML.NET or MlOps.Runtime type can be visible to <paramref name="compilation"/>.</summary>
    public static bool MayUseGovernedApis(Compilation compilation) =>
        ReferenceEquals(Cache.GetValue(compilation, c => Compute(c) ? Yes : No), Yes);

    private static bool Compute(Compilation compilation)
    {
        foreach (var reference in compilation.ExternalReferences)
        {
            if (MayBeGoverned(reference))
            {
                return true;
            }
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            // Scripts can add references with #r.
            if (tree.Options.Kind != SourceCodeKind.Regular || DeclaresGovernedNamespace(tree.GetRoot()))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="root"/> declares the namespace MlOps or Microsoft.ML at the top level (stand-in
    /// declarations in tests and samples). Reads only namespace declarations, which the parser has built already.
    /// </summary>
    private static bool DeclaresGovernedNamespace(SyntaxNode root)
    {
        foreach (var member in root.ChildNodes())
        {
            if (member is not BaseNamespaceDeclarationSyntax ns)
            {
                continue;
            }

            var first = FirstPart(ns.Name, out var second);
            if (first is null || first == "MlOps" || (first == "Microsoft" && second == "ML"))
            {
                return true;
            }

            if (first == "Microsoft" && second is null)
            {
                // namespace Microsoft { namespace ML { ... } }
                foreach (var nested in ns.Members)
                {
                    if (nested is BaseNamespaceDeclarationSyntax inner && FirstPart(inner.Name, out _) is null or "ML")
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The first two identifiers of a dotted name; null when the name has an unexpected shape.</summary>
    private static string? FirstPart(NameSyntax name, out string? second)
    {
        second = null;
        while (name is QualifiedNameSyntax qualified)
        {
            if (qualified.Left is not QualifiedNameSyntax)
            {
                second = qualified.Right.Identifier.ValueText;
            }

            name = qualified.Left;
        }

        return name is IdentifierNameSyntax identifier ? identifier.Identifier.ValueText : null;
    }

    private static bool MayBeGoverned(MetadataReference reference)
    {
        switch (reference)
        {
            case CompilationReference compilationReference:
                return IsGovernedName(compilationReference.Compilation.AssemblyName ?? string.Empty);
            case PortableExecutableReference { Properties.Kind: MetadataImageKind.Assembly } file:
                try
                {
                    // The assembly's own name (what KnownSymbols checks), not the file name, which may differ.
                    if (file.GetMetadata() is AssemblyMetadata assembly)
                    {
                        var reader = assembly.GetModules()[0].GetMetadataReader();
                        return !reader.IsAssembly || IsGovernedName(reader.GetString(reader.GetAssemblyDefinition().Name));
                    }

                    return true;
                }
                catch (Exception e) when (e is BadImageFormatException or System.IO.IOException or InvalidOperationException)
                {
                    // The compiler reports an unreadable reference itself; here it simply may be anything.
                    return true;
                }

            default:
                // Modules become part of the compiled assembly: they may declare the namespaces.
                return true;
        }
    }

    private static bool IsGovernedName(string name) =>
        name.StartsWith("Microsoft.ML", StringComparison.Ordinal) || name.StartsWith("MlOps", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.Extensions.ML", StringComparison.Ordinal);

    /// <summary>True when <paramref name="name"/> occurs in <paramref name="text"/> as a whole identifier.</summary>
    internal static bool ContainsIdentifier(string text, string name)
    {
        for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            if (at > 0 && IsIdentifierPart(text[at - 1]))
            {
                continue;
            }

            var end = at + name.Length;
            if (end == text.Length || !IsIdentifierPart(text[end]))
            {
                return true;
            }
        }

        return false;
    }

    // Letters, digits and '_' continue an identifier: "XML", "Runtime" and "PreRun" contain no ML or Run.
    private static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);
}
