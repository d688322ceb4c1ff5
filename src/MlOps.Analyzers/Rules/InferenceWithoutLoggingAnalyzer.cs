using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
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
            // Nothing that binds here (see GovernedApiGate): the compiler is still resolving references.
            if (!GovernanceCalls.MayApply(start.Compilation, start.Options, MlOpsOptions.InferenceMethodsKey))
            {
                return;
            }

            var lazyCalls = GovernanceCalls.Deferred(start.Compilation, start.Options);
            // One member's verdicts, computed when its first inference call is seen, shared by the others.
            var members = new ConcurrentDictionary<IOperation, HashSet<SyntaxNode>>();
            start.RegisterOperationBlockStartAction(block =>
            {
                // A member whose source names no inference method cannot call one: no per-call callbacks there.
                var calls = lazyCalls.Value;
                if (calls.CanInferAnywhere && MayInfer(block.OperationBlocks, calls.InferenceNames))
                {
                    block.RegisterOperationAction(c => OnInvocation(c, calls, members), OperationKind.Invocation);
                }
            });
        });
    }

    private static bool MayInfer(ImmutableArray<IOperation> blocks, InferenceNameFilter names)
    {
        foreach (var block in blocks)
        {
            if (names.MayCallIn(block.Syntax.SyntaxTree))
            {
                return true;
            }
        }

        return false;
    }

    private static void OnInvocation(OperationAnalysisContext context, GovernanceCalls calls, ConcurrentDictionary<IOperation, HashSet<SyntaxNode>> members)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var tree = invocation.Syntax.SyntaxTree;
        if (!calls.IsInference(invocation.TargetMethod, tree))
        {
            return;
        }

        var options = calls.OptionsFor(tree);
        var root = invocation.Parent;
        while (root?.Parent is not null)
        {
            root = root.Parent;
        }

        if (root is null || !HasGraph(root))
        {
            return;
        }

        var unlogged = members.GetOrAdd(root, r => Unlogged(r, calls, options, context.CancellationToken));
        if (unlogged.Contains(invocation.Syntax))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                invocation.Syntax.GetLocation(),
                InferenceNameFilter.CallName(invocation),
                context.ContainingSymbol.Name));
        }
    }

    /// <summary>The inference calls of one member (all its functions) that some normal path leaves unlogged.</summary>
    private static HashSet<SyntaxNode> Unlogged(IOperation root, GovernanceCalls calls, MlOpsOptions options, CancellationToken cancellationToken)
    {
        var scan = new MemberScan(calls, options);
        scan.Visit(root);
        var result = new HashSet<SyntaxNode>();
        if (!scan.MayLog && !scan.MayThrow)
        {
            // Nothing in this member logs and nothing throws, so no inference here is ever followed by a log
            // and every one reaches its function's end: no graph needed.
            foreach (var inference in scan.Inferences)
            {
                result.Add(inference.Syntax);
            }

            return result;
        }

        var found = new List<IInvocationOperation>();
        new UnloggedInferenceFinder(calls, options).Find(Graph(root, cancellationToken), found);
        foreach (var inference in found)
        {
            result.Add(inference.Syntax);
        }

        return result;
    }

    private static ControlFlowGraph Graph(IOperation root, CancellationToken cancellationToken) => root switch
    {
        IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
        IConstructorBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
        IFieldInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
        IPropertyInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
        IParameterInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
        _ => ControlFlowGraph.Create((IBlockOperation)root, cancellationToken),
    };

    private static bool HasGraph(IOperation root) =>
        root.Kind is OperationKind.MethodBody or OperationKind.ConstructorBody or OperationKind.Block
            or OperationKind.FieldInitializer or OperationKind.PropertyInitializer or OperationKind.ParameterInitializer;

    /// <summary>One walk over a member: its inference calls, and whether anything in it may log or throw.</summary>
    private sealed class MemberScan
    {
        private readonly GovernanceCalls _calls;
        private readonly MlOpsOptions _options;

        public MemberScan(GovernanceCalls calls, MlOpsOptions options)
        {
            _calls = calls;
            _options = options;
        }

        public List<IInvocationOperation> Inferences { get; } = new();

        public bool MayLog { get; private set; }

        public bool MayThrow { get; private set; }

        public void Visit(IOperation operation)
        {
            if (operation is IThrowOperation)
            {
                MayThrow = true;
            }
            else if (operation is IInvocationOperation invocation)
            {
                var method = invocation.TargetMethod;
                if (_calls.IsLogging(method, _options) || method.MethodKind == MethodKind.LocalFunction)
                {
                    // A local function may log on every path: only the graph can tell.
                    MayLog = true;
                }
                else if (_calls.IsInference(method, _options))
                {
                    Inferences.Add(invocation);
                }
            }

            foreach (var child in operation.ChildOperations)
            {
                Visit(child);
            }
        }
    }
}
