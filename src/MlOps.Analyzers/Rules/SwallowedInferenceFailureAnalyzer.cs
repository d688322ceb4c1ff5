using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlOps.Analyzers.Infrastructure;

namespace MlOps.Analyzers.Rules;

/// <summary>
/// MLOPS005: a catch around an inference call that neither rethrows nor logs, so a failing model
/// disappears from the record. Catching cancellation is not a failure and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SwallowedInferenceFailureAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.SwallowedInferenceFailure,
        title: "Inference failure swallowed",
        messageFormat: "This catch swallows failures of '{0}': rethrow, or log the failure (audit log or ILogger)",
        category: RuleIdentifiers.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A model that fails silently looks like a model that was never called. A catch around inference must rethrow, throw a new exception, or record the failure.",
        helpLinkUri: RuleIdentifiers.HelpLink(RuleIdentifiers.SwallowedInferenceFailure));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Nothing that binds here (see GovernedApiGate): the compiler is still resolving references.
            if (GovernanceCalls.MayApply(start.Compilation, start.Options, MlOpsOptions.InferenceMethodsKey))
            {
                var lazyCalls = GovernanceCalls.Deferred(start.Compilation, start.Options);
                start.RegisterOperationAction(
                    c =>
                    {
                        var calls = lazyCalls.Value;
                        if (calls.CanInferAnywhere)
                        {
                            AnalyzeTry(c, calls);
                        }
                    },
                    OperationKind.Try);
            }
        });
    }

    private static void AnalyzeTry(OperationAnalysisContext context, GovernanceCalls calls)
    {
        var tryOperation = (ITryOperation)context.Operation;
        if (tryOperation.Catches.IsEmpty)
        {
            return;
        }

        var options = calls.OptionsFor(tryOperation.Syntax.SyntaxTree);
        if (!calls.CanInfer(options))
        {
            return;
        }

        var inference = FindInference(tryOperation.Body, calls, options);
        if (inference is null)
        {
            return;
        }

        foreach (var catchClause in tryOperation.Catches)
        {
            if (IsCancellation(catchClause.ExceptionType, calls.Symbols.OperationCanceledException)
                || Handles(catchClause.Handler, calls, options)
                || (catchClause.Filter is not null && Handles(catchClause.Filter, calls, options)))
            {
                continue;
            }

            var location = catchClause.Syntax is CatchClauseSyntax syntax ? syntax.CatchKeyword.GetLocation() : catchClause.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, InferenceNameFilter.CallName(inference)));
        }
    }

    private static IInvocationOperation? FindInference(IOperation operation, GovernanceCalls calls, MlOpsOptions options)
    {
        foreach (var child in operation.ChildOperations)
        {
            if (child is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                // Runs later (or never) and outside this try.
                continue;
            }

            if (child is IInvocationOperation invocation && calls.IsInference(invocation.TargetMethod, options))
            {
                return invocation;
            }

            var nested = FindInference(child, calls, options);
            if (nested is not null)
            {
                return nested;
            }
        }

        return null;
    }

    /// <summary>True when the handler (or filter) rethrows, throws, or records the failure.</summary>
    private static bool Handles(IOperation operation, GovernanceCalls calls, MlOpsOptions options)
    {
        if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation)
        {
            return false;
        }

        if (operation is IThrowOperation)
        {
            return true;
        }

        if (operation is IInvocationOperation invocation
            && (calls.IsLogging(invocation.TargetMethod, options) || calls.IsErrorLogging(invocation.TargetMethod)))
        {
            return true;
        }

        foreach (var child in operation.ChildOperations)
        {
            if (Handles(child, calls, options))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCancellation(ITypeSymbol? caught, INamedTypeSymbol? cancellation)
    {
        for (var type = caught; type is not null && cancellation is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type, cancellation))
            {
                return true;
            }
        }

        return false;
    }
}
