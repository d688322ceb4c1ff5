using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlOps.Analyzers.Infrastructure;

namespace MlOps.Analyzers.Rules;

/// <summary>
/// MLOPS001: a model is called and some normal path from that call to the end of the function records
/// nothing in the governance log. Only functions that contain an inference call pay for a control-flow graph.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InferenceWithoutLoggingAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.InferenceWithoutLogging,
        title: "Inference without governance logging",
        messageFormat: "'{0}' scores a model, but a path from this call to the end of '{1}' writes no audit record",
        category: RuleIdentifiers.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Every prediction must leave an audit record (EU AI Act Art. 12). Call AuditLog.Append after the inference on every path, score through GovernedModel.Predict, or name your logging method in mlops.logging_methods.",
        helpLinkUri: RuleIdentifiers.HelpLink(RuleIdentifiers.InferenceWithoutLogging));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var calls = GovernanceCalls.Create(start.Compilation, start.Options);
            if (calls.CanInferAnywhere)
            {
                start.RegisterOperationBlockStartAction(block => OnBlockStart(block, calls));
            }
        });
    }

    private static void OnBlockStart(OperationBlockStartAnalysisContext block, GovernanceCalls calls)
    {
        if (block.OperationBlocks.IsEmpty)
        {
            return;
        }

        var options = calls.OptionsFor(block.OperationBlocks[0].Syntax.SyntaxTree);
        if (!calls.CanInfer(options))
        {
            return;
        }

        var seen = new BlockCalls();
        block.RegisterOperationAction(
            operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                var method = invocation.TargetMethod;
                if (calls.IsLogging(method, options) || method.MethodKind == MethodKind.LocalFunction)
                {
                    // A local function may log on every path: only the graph can tell.
                    seen.MayLog = true;
                }
                else if (calls.IsInference(method, options))
                {
                    seen.Add(invocation);
                }
            },
            OperationKind.Invocation);
        block.RegisterOperationAction(_ => seen.MayThrow = true, OperationKind.Throw);
        block.RegisterOperationBlockEndAction(end =>
        {
            var inferences = seen.Inferences();
            if (inferences.Count == 0)
            {
                return;
            }

            if (!seen.MayLog && !seen.MayThrow)
            {
                // Nothing in this member logs and nothing throws, so no inference here is ever followed by a
                // log and every one reaches its function's end: report without building a graph.
                ReportAll(end, inferences);
            }
            else
            {
                Report(end, calls, options);
            }
        });
    }

    private static void ReportAll(OperationBlockAnalysisContext end, List<IInvocationOperation> inferences)
    {
        var reported = new HashSet<Location>();
        foreach (var invocation in inferences)
        {
            var location = invocation.Syntax.GetLocation();
            if (reported.Add(location))
            {
                end.ReportDiagnostic(Create(invocation, location, end.OwningSymbol));
            }
        }
    }

    private static Diagnostic Create(IInvocationOperation invocation, Location location, ISymbol owner) =>
        Diagnostic.Create(Rule, location, invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name, owner.Name);

    private static void Report(OperationBlockAnalysisContext end, GovernanceCalls calls, MlOpsOptions options)
    {
        var finder = new UnloggedInferenceFinder(calls, options);
        var unlogged = new List<IInvocationOperation>();
        var roots = new HashSet<IOperation>();
        foreach (var block in end.OperationBlocks)
        {
            // A method's body block hangs under its IMethodBodyOperation; the graph is built for the root.
            var root = block;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            if (HasGraph(root) && roots.Add(root))
            {
                finder.Find(end.GetControlFlowGraph(block), unlogged);
            }
        }

        var reported = new HashSet<Location>();
        foreach (var invocation in unlogged)
        {
            var location = invocation.Syntax.GetLocation();
            if (reported.Add(location))
            {
                end.ReportDiagnostic(Create(invocation, location, end.OwningSymbol));
            }
        }
    }

    private static bool HasGraph(IOperation root) =>
        root.Kind is OperationKind.MethodBody or OperationKind.ConstructorBody or OperationKind.Block
            or OperationKind.FieldInitializer or OperationKind.PropertyInitializer or OperationKind.ParameterInitializer;

    /// <summary>What the operation actions saw in one member; read by its block-end action.</summary>
    private sealed class BlockCalls
    {
        private readonly List<IInvocationOperation> _inferences = new();

        public volatile bool MayLog;

        public volatile bool MayThrow;

        public void Add(IInvocationOperation invocation)
        {
            lock (_inferences)
            {
                _inferences.Add(invocation);
            }
        }

        public List<IInvocationOperation> Inferences()
        {
            lock (_inferences)
            {
                return new List<IInvocationOperation>(_inferences);
            }
        }
    }
}
