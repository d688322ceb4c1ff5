using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlOps.Analyzers.Infrastructure;

namespace MlOps.Analyzers.Rules;

/// <summary>
/// MLOPS003: an audit record that does not say which model made the prediction. Two shapes:
/// an <c>AuditEntry</c> whose model version or artefact digest is blank (null, empty or white space), and
/// a call to a project's own logging method (<c>mlops.logging_methods</c>) none of whose arguments carries
/// a model version, digest or identity (judged by names and types: <c>Version</c>, <c>Digest</c>,
/// <c>Sha256</c>, <c>Hash</c>, <c>Identity</c>, <c>Manifest</c>, a <c>GovernedModel</c> or an <c>AuditEntry</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AuditRecordWithoutIdentityAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.AuditRecordWithoutIdentity,
        title: "Audit record without model identity",
        messageFormat: "This audit record does not identify the model: {0}",
        category: RuleIdentifiers.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An audit record must name the model version and artefact digest that produced the prediction; otherwise it cannot be traced back to the reviewed model.",
        helpLinkUri: RuleIdentifiers.HelpLink(RuleIdentifiers.AuditRecordWithoutIdentity));

    private static readonly ImmutableArray<string> IdentityWords =
        ImmutableArray.Create("version", "digest", "sha256", "sha", "hash", "identity", "manifest", "mlpkg");

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
            if (!GovernanceCalls.MayApply(start.Compilation, start.Options, MlOpsOptions.LoggingMethodsKey))
            {
                return;
            }

            var lazyCalls = GovernanceCalls.Deferred(start.Compilation, start.Options);
            if (GovernedApiGate.MayUseGovernedApis(start.Compilation))
            {
                // Object creations are few; resolving AuditEntry waits for the first one.
                start.RegisterOperationAction(
                    c =>
                    {
                        if (lazyCalls.Value.Symbols.AuditEntry is { } entry)
                        {
                            AnalyzeEntry(c, entry);
                        }
                    },
                    OperationKind.ObjectCreation);
            }

            if (MlOpsOptionsCache.AnyTreeSets(start.Compilation, start.Options.AnalyzerConfigOptionsProvider, MlOpsOptions.LoggingMethodsKey))
            {
                start.RegisterOperationAction(
                    c =>
                    {
                        var calls = lazyCalls.Value;
                        if (!calls.AnyTreeLogging.IsEmpty)
                        {
                            AnalyzeCustomLogging(c, calls, calls.AnyTreeLogging);
                        }
                    },
                    OperationKind.Invocation);
            }
        });
    }

    private static void AnalyzeEntry(OperationAnalysisContext context, INamedTypeSymbol entry)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is null || !SymbolEqualityComparer.Default.Equals(creation.Constructor.ContainingType, entry))
        {
            return;
        }

        foreach (var argument in creation.Arguments)
        {
            var name = argument.Parameter?.Name;
            if (name is "modelVersion" or "artefactDigest" or "modelName" && IsBlank(argument.Value))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, argument.Syntax.GetLocation(), "'" + name + "' is blank"));
            }
        }
    }

    private static void AnalyzeCustomLogging(OperationAnalysisContext context, GovernanceCalls calls, MethodList anyTreeLogging)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!anyTreeLogging.Contains(invocation.TargetMethod))
        {
            return;
        }

        var options = calls.OptionsFor(invocation.Syntax.SyntaxTree);
        if (options.LoggingMethods.IsEmpty || !options.LoggingMethods.Contains(invocation.TargetMethod))
        {
            return;
        }

        if (invocation.Instance is not null && CarriesIdentity(invocation.Instance, calls))
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (CarriesIdentity(argument, calls))
            {
                return;
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            invocation.Syntax.GetLocation(),
            "no argument of '" + invocation.TargetMethod.Name + "' carries the model version or digest"));
    }

    private static bool IsBlank(IOperation value)
    {
        var constant = value.ConstantValue;
        if (!constant.HasValue)
        {
            return value is IFieldReferenceOperation { Field: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_String } };
        }

        return constant.Value is null || (constant.Value is string text && text.Trim().Length == 0);
    }

    private static bool CarriesIdentity(IOperation operation, GovernanceCalls calls)
    {
        if (operation is IAnonymousFunctionOperation)
        {
            return false;
        }

        if (IsIdentityType(operation.Type, calls) || IsIdentityName(SymbolName(operation)))
        {
            return true;
        }

        foreach (var child in operation.ChildOperations)
        {
            if (CarriesIdentity(child, calls))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIdentityType(ITypeSymbol? type, GovernanceCalls calls) =>
        type is not null
        && ((calls.Symbols.GovernedModel is not null && SymbolEqualityComparer.Default.Equals(type, calls.Symbols.GovernedModel))
            || (calls.Symbols.AuditEntry is not null && SymbolEqualityComparer.Default.Equals(type, calls.Symbols.AuditEntry)));

    private static string? SymbolName(IOperation operation) => operation switch
    {
        IPropertyReferenceOperation p => p.Property.Name,
        IFieldReferenceOperation f => f.Field.Name,
        ILocalReferenceOperation l => l.Local.Name,
        IParameterReferenceOperation p => p.Parameter.Name,
        IInvocationOperation i => i.TargetMethod.Name,
        IArgumentOperation a => a.Parameter?.Name is { } name && IsIdentityName(name) && a.Value is not ILiteralOperation { ConstantValue.Value: null } ? name : null,
        _ => null,
    };

    private static bool IsIdentityName(string? name)
    {
        if (name is null)
        {
            return false;
        }

        foreach (var word in NameTokens.Split(name))
        {
            if (IdentityWords.Contains(word))
            {
                return true;
            }
        }

        return false;
    }
}
