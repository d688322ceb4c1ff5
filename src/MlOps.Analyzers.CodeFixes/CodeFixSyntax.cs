using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace MlOps.Analyzers.CodeFixes;

/// <summary>Small syntax helpers shared by the fixes.</summary>
internal static class CodeFixSyntax
{
    /// <summary>
    /// A reference to the type <paramref name="metadataName"/>, written by its simple name: the code action's
    /// clean-up imports its namespace (<see cref="Simplifier.AddImportsAnnotation"/>) and then simplifies the
    /// qualified name. When the compilation does not know the type (the package is not referenced yet), the
    /// qualified name is kept as written, which still tells the developer what to reference.
    /// </summary>
    public static SyntaxNode Type(SyntaxGenerator generator, Compilation compilation, string metadataName)
    {
        var symbol = compilation.GetTypeByMetadataName(metadataName);
        var type = symbol is not null ? generator.TypeExpression(symbol) : generator.DottedName(metadataName);
        return type.WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation);
    }
}
