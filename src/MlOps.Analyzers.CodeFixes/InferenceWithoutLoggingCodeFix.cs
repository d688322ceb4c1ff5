using System;
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
                        ct => AppendAuditAsync(context.Document, statement, access.Expression, auditLog, ct),
                        equivalenceKey: "MLOPS001.AppendAudit"),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> UsePredictAsync(Document document, MemberAccessExpressionSyntax access, CancellationToken ct)
    {
        var editor = await DocumentEditor.CreateAsync(document, ct).ConfigureAwait(false);
        var name = access.Name.Identifier.ValueText;
        var predict = "Predict" + name.Substring("ScoreUnaudited".Length);
        editor.ReplaceNode(access.Name, editor.Generator.IdentifierName(predict).WithTriviaFrom(access.Name));
        return editor.GetChangedDocument();
    }

    private static async Task<Document> AppendAuditAsync(
        Document document, StatementSyntax statement, ExpressionSyntax session, string auditLog, CancellationToken ct)
    {
        var editor = await DocumentEditor.CreateAsync(document, ct).ConfigureAwait(false);
        var generator = editor.Generator;
        var audit = AuditStatement(generator, editor.SemanticModel.Compilation, session.WithoutTrivia(), auditLog);
        if (statement is ReturnStatementSyntax { Expression: { } returned })
        {
            // return session.Run(x); -> var inferenceResult = session.Run(x); audit; return inferenceResult;
            var local = generator.LocalDeclarationStatement(ResultName, returned.WithoutTrivia())
                .WithLeadingTrivia(statement.GetLeadingTrivia());
            var ret = generator.ReturnStatement(generator.IdentifierName(ResultName))
                .WithTrailingTrivia(statement.GetTrailingTrivia());
            Insert(editor, statement, before: true, Annotate(local), audit);
            editor.ReplaceNode(statement, Annotate(ret));
        }
        else
        {
            Insert(editor, statement, before: false, audit);
        }

        return editor.GetChangedDocument();
    }

    private const string ResultName = "inferenceResult";

    /// <summary>Inserts statements next to <paramref name="statement"/>; in top-level code, as global statements.</summary>
    private static void Insert(DocumentEditor editor, StatementSyntax statement, bool before, params SyntaxNode[] statements)
    {
        SyntaxNode anchor = statement;
        IEnumerable<SyntaxNode> nodes = statements;
        if (statement.Parent is GlobalStatementSyntax global)
        {
            // Members of the compilation unit get blank lines between them when formatted; statements of a
            // script do not: write them out with single spaces and the file's own line ending instead.
            anchor = global;
            var newLine = global.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var end = newLine.IsKind(SyntaxKind.EndOfLineTrivia) ? newLine : SyntaxFactory.CarriageReturnLineFeed;
            nodes = statements.Select(s => SyntaxFactory.GlobalStatement(((StatementSyntax)s.WithoutAnnotations(Formatter.Annotation)).NormalizeWhitespace())
                .WithTrailingTrivia(end));
        }

        if (before)
        {
            editor.InsertBefore(anchor, nodes);
        }
        else
        {
            editor.InsertAfter(anchor, nodes);
        }
    }

    /// <summary>
    /// <c>log.Append(new AuditEntry(session.ModelMetadata.CustomMetadataMap["mlops.name"], ...version, ...digest.source,
    /// AuditJson.Null, AuditJson.Null));</c> built node by node; the types are imported by the code action's clean-up.
    /// </summary>
    private static SyntaxNode AuditStatement(SyntaxGenerator generator, Compilation compilation, ExpressionSyntax session, string auditLog)
    {
        SyntaxNode Metadata(string key) => generator.ElementAccessExpression(
            generator.MemberAccessExpression(generator.MemberAccessExpression(session, "ModelMetadata"), "CustomMetadataMap"),
            generator.LiteralExpression(key));
        SyntaxNode Null() => generator.MemberAccessExpression(CodeFixSyntax.Type(generator, compilation, AuditJsonType), "Null");
        var entry = generator.ObjectCreationExpression(
            CodeFixSyntax.Type(generator, compilation, AuditEntryType),
            Metadata("mlops.name"), Metadata("mlops.version"), Metadata("mlops.digest.source"), Null(), Null());
        var append = generator.InvocationExpression(generator.MemberAccessExpression(generator.IdentifierName(auditLog), "Append"), entry);
        return Annotate(generator.ExpressionStatement(append));
    }

    private static SyntaxNode Annotate(SyntaxNode node) => node.WithAdditionalAnnotations(Formatter.Annotation);

    private const string AuditEntryType = "MlOps.Runtime.Auditing.AuditEntry";

    private const string AuditJsonType = "MlOps.Runtime.Auditing.AuditJson";

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
