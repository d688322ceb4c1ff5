using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlOps.Analyzers.CodeFixes;

/// <summary>Small syntax helpers shared by the fixes.</summary>
internal static class CodeFixSyntax
{
    /// <summary>Adds <c>using <paramref name="namespaceName"/>;</c> to the file unless it is already imported there.</summary>
    public static CompilationUnitSyntax AddUsing(CompilationUnitSyntax root, string namespaceName)
    {
        var imported = root.Usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == namespaceName)
            || root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Usings.Any(u => u.Alias is null && u.Name?.ToString() == namespaceName));
        if (imported)
        {
            return root;
        }

        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName))
            .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
        return root.AddUsings(directive);
    }
}
