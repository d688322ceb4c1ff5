using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MlOps.Analyzers.Infrastructure;

namespace MlOps.Analyzers.Rules;

/// <summary>
/// MLOPS002: a model is constructed straight from a path or bytes (an ONNX Runtime
/// <c>InferenceSession</c>, ML.NET's <c>MLContext.Model.Load</c>), so nothing checks that the model is the
/// one that was reviewed. <c>GovernedModel.Open</c> verifies the artefact's digests first.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnverifiedModelLoadAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.UnverifiedModelLoad,
        title: "Model loaded without integrity verification",
        messageFormat: "'{0}' loads a model without verifying it; open the governed artefact with GovernedModel.Open instead (with GovernedModelOptions.TrustFile, only a released model loads)",
        category: RuleIdentifiers.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A model loaded from a path or bytes may not be the model that was evaluated and approved. GovernedModel.Open checks the .mlpkg manifest digest and every member before anything runs; given a trust file (GovernedModelOptions.TrustFile) it also refuses an artefact nobody released.",
        helpLinkUri: RuleIdentifiers.HelpLink(RuleIdentifiers.UnverifiedModelLoad));

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
            if (!GovernedApiGate.MayUseGovernedApis(start.Compilation))
            {
                return;
            }

            var compilation = start.Compilation;
            var lazySymbols = new Lazy<KnownSymbols>(() => KnownSymbols.Create(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
            start.RegisterOperationBlockStartAction(block =>
            {
                var symbols = lazySymbols.Value;
                var session = symbols.InferenceSession;
                var catalog = symbols.ModelOperationsCatalog;
                if (session is not null)
                {
                    block.RegisterOperationAction(
                        c =>
                        {
                            var creation = (IObjectCreationOperation)c.Operation;
                            if (creation.Constructor is not null && SymbolEqualityComparer.Default.Equals(creation.Constructor.ContainingType, session))
                            {
                                c.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), "new " + session.Name));
                            }
                        },
                        OperationKind.ObjectCreation);
                }

                if (catalog is not null)
                {
                    block.RegisterOperationAction(
                        c =>
                        {
                            var invocation = (IInvocationOperation)c.Operation;
                            var method = invocation.TargetMethod;
                            if (method.Name.StartsWith("Load", StringComparison.Ordinal)
                                && SymbolEqualityComparer.Default.Equals(method.ContainingType, catalog))
                            {
                                c.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), catalog.Name + "." + method.Name));
                            }
                        },
                        OperationKind.Invocation);
                }
            });
        });
    }
}
