using System;
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

namespace MlOps.Analyzers.CodeFixes;

/// <summary>
/// Fixes MLOPS001. For <c>GovernedModel.ScoreUnaudited</c>: score with <c>GovernedModel.Predict</c>, which
/// writes the audit record itself. For <c>InferenceSession.Run*</c>: when an <c>AuditLog</c> is in scope
/// (local, parameter, field or property), append an <c>AuditEntry</c> right after the statement, with the
/// model identity read from the session's ONNX metadata (<c>mlops.name</c>, <c>mlops.version</c>,
/// <c>mlops.digest.source</c>, written into every packaged model). A <c>return</c> of the inference is
/// split into a local, the audit call and the return. Other shapes get no fix: the identity is unknown.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InferenceWithoutLoggingCodeFix))]
[Shared]
public sealed class InferenceWithoutLoggingCodeFix : CodeFixProvider
{
    private const string AuditLogType = "MlOps.Runtime.Auditing.AuditLog";
    private const string AuditingNamespace = "MlOps.Runtime.Auditing";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.InferenceWithoutLogging);

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
            var invocation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
            if (invocation?.Expression is not MemberAccessExpressionSyntax access
                || model.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method)
            {
                continue;
            }

            var typeName = method.ContainingType.OriginalDefinition.ToDisplayString();
            if (typeName == "MlOps.Runtime.GovernedModel" && method.Name.StartsWith("ScoreUnaudited", StringComparison.Ordinal))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Score with GovernedModel.Predict (audited)",
                        ct => UsePredictAsync(context.Document, access, ct),
                        equivalenceKey: "MLOPS001.UsePredict"),
                    diagnostic);
            }
            else if (typeName == "Microsoft.ML.OnnxRuntime.InferenceSession"
                && FindAuditLog(model, invocation.SpanStart) is { } auditLog
                && FindStatement(invocation) is { } statement
                && IsSimpleReceiver(access.Expression))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Append an audit record to '" + auditLog + "'",
                        ct => AppendAuditAsync(context.Document, statement, invocation, access.Expression, auditLog, ct),
                        equivalenceKey: "MLOPS001.AppendAudit"),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> UsePredictAsync(Document document, MemberAccessExpressionSyntax access, CancellationToken ct)
    {
        var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        var name = access.Name.Identifier.ValueText;
        var predict = "Predict" + name.Substring("ScoreUnaudited".Length);
        var renamed = access.WithName(access.Name.WithIdentifier(SyntaxFactory.Identifier(predict).WithTriviaFrom(access.Name.Identifier)));
        return document.WithSyntaxRoot(root!.ReplaceNode(access, renamed));
    }

    private static async Task<Document> AppendAuditAsync(
        Document document, StatementSyntax statement, InvocationExpressionSyntax invocation, ExpressionSyntax session, string auditLog, CancellationToken ct)
    {
        var root = (CompilationUnitSyntax)(await document.GetSyntaxRootAsync(ct).ConfigureAwait(false))!;
        // Copy the statement's own indentation and line ending so the result reads as hand-written.
        var indentation = Indentation(statement);
        var newLine = NewLine(statement);
        var audit = AuditStatement(session.WithoutTrivia().ToString(), auditLog).WithLeadingTrivia(indentation).WithTrailingTrivia(newLine);
        SyntaxNode updated;
        if (statement is ReturnStatementSyntax { Expression: { } returned })
        {
            // return session.Run(x); -> var result = session.Run(x); audit; return result;
            var local = SyntaxFactory.ParseStatement("var inferenceResult = " + returned.WithoutTrivia() + ";")
                .WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(newLine);
            var ret = SyntaxFactory.ParseStatement("return inferenceResult;")
                .WithLeadingTrivia(indentation).WithTrailingTrivia(statement.GetTrailingTrivia());
            updated = Replace(root, statement, local, audit, ret);
        }
        else
        {
            updated = Replace(root, statement, statement, audit);
        }

        return document.WithSyntaxRoot(CodeFixSyntax.AddUsing((CompilationUnitSyntax)updated, AuditingNamespace));
    }

    private static SyntaxNode Replace(CompilationUnitSyntax root, StatementSyntax statement, params StatementSyntax[] replacements)
    {
        if (statement.Parent is GlobalStatementSyntax global)
        {
            return root.ReplaceNode(global, replacements.Select(s => (SyntaxNode)SyntaxFactory.GlobalStatement(s)));
        }

        return root.ReplaceNode(statement, replacements);
    }

    private static StatementSyntax AuditStatement(string session, string auditLog)
    {
        string Metadata(string key) => session + ".ModelMetadata.CustomMetadataMap[\"" + key + "\"]";
        var text = auditLog + ".Append(new AuditEntry(" + Metadata("mlops.name") + ", " + Metadata("mlops.version") + ", "
            + Metadata("mlops.digest.source") + ", AuditJson.Null, AuditJson.Null));";
        return SyntaxFactory.ParseStatement(text);
    }

    private static SyntaxTriviaList Indentation(StatementSyntax statement)
    {
        var leading = statement.GetLeadingTrivia();
        return leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
    }

    private static SyntaxTriviaList NewLine(StatementSyntax statement)
    {
        foreach (var trivia in statement.GetTrailingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return SyntaxFactory.TriviaList(trivia);
            }
        }

        return SyntaxFactory.TriviaList(SyntaxFactory.ElasticCarriageReturnLineFeed);
    }

    /// <summary>The statement holding the call, when a statement can be inserted after it.</summary>
    private static StatementSyntax? FindStatement(InvocationExpressionSyntax invocation)
    {
        foreach (var node in invocation.Ancestors())
        {
            if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
            {
                return null;
            }

            if (node is StatementSyntax statement)
            {
                var insertable = statement is ExpressionStatementSyntax or LocalDeclarationStatementSyntax or ReturnStatementSyntax;
                return insertable && statement.Parent is BlockSyntax or GlobalStatementSyntax ? statement : null;
            }
        }

        return null;
    }

    /// <summary>The name of an AuditLog variable, parameter, field or property visible at the call.</summary>
    private static string? FindAuditLog(SemanticModel model, int position)
    {
        var candidates = model.LookupSymbols(position)
            .Where(s => s.Kind is SymbolKind.Local or SymbolKind.Parameter or SymbolKind.Field or SymbolKind.Property)
            .Where(s => TypeOf(s)?.OriginalDefinition.ToDisplayString() == AuditLogType)
            .OrderBy(s => s.Kind is SymbolKind.Local or SymbolKind.Parameter ? 0 : 1)
            .ThenBy(s => s.Name, StringComparer.Ordinal);
        return candidates.FirstOrDefault()?.Name;
    }

    private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
    {
        ILocalSymbol l => l.Type,
        IParameterSymbol p => p.Type,
        IFieldSymbol f => f.Type,
        IPropertySymbol p => p.Type,
        _ => null,
    };

    private static bool IsSimpleReceiver(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax or ThisExpressionSyntax
        || (expression is MemberAccessExpressionSyntax { Expression: var inner } && IsSimpleReceiver(inner));
}
