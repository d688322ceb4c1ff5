using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace MlOps.Analyzers.CodeFixes;

/// <summary>
/// Fixes MLOPS002 for <c>new InferenceSession(path)</c> (one string argument): open the governed
/// artefact with <c>GovernedModel.Open(path)</c>, which verifies it first. The scoring calls that used
/// the session must then move to <c>GovernedModel.Predict</c>; constructors with options or bytes get no fix
/// because their meaning does not carry over. A second fix opens it with a trust file
/// (<c>GovernedModelOptions.TrustFile</c>), so that only a released artefact loads (docs/MLOPS002.md).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnverifiedModelLoadCodeFix))]
[Shared]
public sealed class UnverifiedModelLoadCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.UnverifiedModelLoad);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var creation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf().OfType<BaseObjectCreationExpressionSyntax>().FirstOrDefault();
            if (creation?.ArgumentList is not { Arguments.Count: 1 } arguments)
            {
                continue;
            }

            var argumentType = model.GetTypeInfo(arguments.Arguments[0].Expression, context.CancellationToken).Type;
            if (argumentType?.SpecialType != SpecialType.System_String)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Open with GovernedModel.Open (verified)",
                    ct => UseGovernedModelAsync(context.Document, creation, arguments.Arguments[0].Expression, ct),
                    equivalenceKey: "MLOPS002.UseGovernedModel"),
                diagnostic);
            context.RegisterCodeFix(
                CodeAction.Create(
                    TrustedTitle,
                    ct => UseGovernedModelAsync(context.Document, creation, arguments.Arguments[0].Expression, ct, trusted: true),
                    equivalenceKey: "MLOPS002.UseGovernedModelTrusted"),
                diagnostic);
        }
    }

    /// <summary>The title of the fix that loads released models only.</summary>
    internal const string TrustedTitle = "Open with GovernedModel.Open, released models only (trust file)";

    /// <summary>Where the trusted fix points: the trust file's usual place, for the developer to adjust.</summary>
    internal const string TrustFilePlaceholder = "governance/trust.yaml";

    private static async Task<Document> UseGovernedModelAsync(Document document, BaseObjectCreationExpressionSyntax creation, ExpressionSyntax path, CancellationToken ct,
        bool trusted = false)
    {
        var editor = await DocumentEditor.CreateAsync(document, ct).ConfigureAwait(false);
        var generator = editor.Generator;
        var compilation = editor.SemanticModel.Compilation;
        var arguments = new List<SyntaxNode> { path.WithoutTrivia() };
        if (trusted)
        {
            // new GovernedModelOptions { TrustFile = "governance/trust.yaml" } (SyntaxGenerator has no object initializers).
            var trustFile = SyntaxFactory.AssignmentExpression(
                SyntaxKind.SimpleAssignmentExpression,
                SyntaxFactory.IdentifierName("TrustFile"),
                (ExpressionSyntax)generator.LiteralExpression(TrustFilePlaceholder));
            var options = SyntaxFactory.ObjectCreationExpression((TypeSyntax)CodeFixSyntax.Type(generator, compilation, GovernedModelOptionsType))
                .WithArgumentList(null)
                .WithInitializer(SyntaxFactory.InitializerExpression(
                    SyntaxKind.ObjectInitializerExpression,
                    SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(trustFile)));
            arguments.Add(options);
        }

        var open = generator.InvocationExpression(
                generator.MemberAccessExpression(CodeFixSyntax.Type(generator, compilation, GovernedModelType), "Open"),
                arguments)
            .WithTriviaFrom(creation)
            .WithAdditionalAnnotations(Formatter.Annotation);
        editor.ReplaceNode(creation, open);
        if (creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax local } } })
        {
            // GovernedModel is not IDisposable and not an InferenceSession: "using var s = new InferenceSession(p);"
            // and "InferenceSession s = new(p);" become "var s = GovernedModel.Open(p);".
            editor.ReplaceNode(local, (current, _) => AsPlainVar((LocalDeclarationStatementSyntax)current));
        }

        return editor.GetChangedDocument();
    }

    private static LocalDeclarationStatementSyntax AsPlainVar(LocalDeclarationStatementSyntax local)
    {
        var leading = local.GetLeadingTrivia();
        var declaration = local.Declaration;
        if (!declaration.Type.IsVar)
        {
            declaration = declaration.WithType(SyntaxFactory.IdentifierName("var").WithTriviaFrom(declaration.Type));
        }

        return local
            .WithAwaitKeyword(default)
            .WithUsingKeyword(default)
            .WithDeclaration(declaration)
            .WithLeadingTrivia(leading);
    }

    private const string GovernedModelType = "MlOps.Runtime.GovernedModel";

    private const string GovernedModelOptionsType = "MlOps.Runtime.GovernedModelOptions";
}
