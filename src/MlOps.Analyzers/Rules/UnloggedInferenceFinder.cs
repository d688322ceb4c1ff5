using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MlOps.Analyzers.Infrastructure;

namespace MlOps.Analyzers.Rules;

/// <summary>
/// Walks a control-flow graph (and the graphs of its lambdas and local functions, each its own function)
/// and finds the inference calls after which some normal path reaches the function's exit without a
/// governance logging call. Exceptional paths do not count; a finally that always logs covers every
/// path leaving its try; a call to a local function that always logs counts as logging.
/// </summary>
internal sealed class UnloggedInferenceFinder
{
    private readonly GovernanceCalls _calls;
    private readonly MlOpsOptions _options;
    private readonly Dictionary<IMethodSymbol, bool> _localFunctionAlwaysLogs = new(SymbolEqualityComparer.Default);

    public UnloggedInferenceFinder(GovernanceCalls calls, MlOpsOptions options)
    {
        _calls = calls;
        _options = options;
    }

    /// <summary>Adds the unlogged inference calls of <paramref name="graph"/> and its nested functions.</summary>
    public void Find(ControlFlowGraph graph, List<IInvocationOperation> unlogged)
    {
        var facts = new GraphFacts(this, graph);
        foreach (var block in graph.Blocks)
        {
            var events = facts.Events[block.Ordinal];
            if (events is null)
            {
                continue;
            }

            for (var i = 0; i < events.Count; i++)
            {
                var inference = events[i];
                if (inference is null || LogsLater(events, i))
                {
                    continue;
                }

                if (facts.ReachesExitWithoutLogging(block))
                {
                    unlogged.Add(inference);
                }
            }
        }

        foreach (var anonymous in facts.AnonymousFunctions)
        {
            Find(graph.GetAnonymousFunctionControlFlowGraph(anonymous), unlogged);
        }

        foreach (var localFunction in graph.LocalFunctions)
        {
            Find(graph.GetLocalFunctionControlFlowGraph(localFunction), unlogged);
        }
    }

    private static bool LogsLater(List<IInvocationOperation?> events, int index)
    {
        for (var j = index + 1; j < events.Count; j++)
        {
            if (events[j] is null)
            {
                return true;
            }
        }

        return false;
    }

    private bool LocalFunctionAlwaysLogs(ControlFlowGraph graph, IMethodSymbol localFunction)
    {
        if (_localFunctionAlwaysLogs.TryGetValue(localFunction, out var known))
        {
            return known;
        }

        // Recursion: assume "does not log" while the function itself is being decided.
        _localFunctionAlwaysLogs[localFunction] = false;
        var body = graph.GetLocalFunctionControlFlowGraphInScope(localFunction);
        var facts = new GraphFacts(this, body);
        var entry = body.Blocks[0];
        var always = facts.HasLogging[entry.Ordinal] || !facts.ReachesExitWithoutLogging(entry);
        _localFunctionAlwaysLogs[localFunction] = always;
        return always;
    }

    /// <summary>Per block: the ordered inference (non-null) and logging (null) events, and path queries.</summary>
    private sealed class GraphFacts
    {
        private readonly ControlFlowGraph _graph;
        private readonly Dictionary<ControlFlowRegion, bool> _finallyAlwaysLogs = new();

        public GraphFacts(UnloggedInferenceFinder finder, ControlFlowGraph graph)
        {
            _graph = graph;
            Events = new List<IInvocationOperation?>?[graph.Blocks.Length];
            HasLogging = new bool[graph.Blocks.Length];
            foreach (var block in graph.Blocks)
            {
                List<IInvocationOperation?>? events = null;
                foreach (var operation in block.Operations)
                {
                    Collect(finder, operation, ref events);
                }

                if (block.BranchValue is not null)
                {
                    Collect(finder, block.BranchValue, ref events);
                }

                Events[block.Ordinal] = events;
                if (events is not null)
                {
                    HasLogging[block.Ordinal] = events.Contains(null);
                }
            }
        }

        public List<IInvocationOperation?>?[] Events { get; }

        public bool[] HasLogging { get; }

        public List<IFlowAnonymousFunctionOperation> AnonymousFunctions { get; } = new();

        /// <summary>True when a normal path from the end of <paramref name="start"/> reaches the exit without logging.</summary>
        public bool ReachesExitWithoutLogging(BasicBlock start)
        {
            var visited = new bool[_graph.Blocks.Length];
            var pending = new Stack<BasicBlock>();
            pending.Push(start);
            visited[start.Ordinal] = true;
            while (pending.Count > 0)
            {
                var block = pending.Pop();
                if (Follow(block.FallThroughSuccessor, visited, pending) || Follow(block.ConditionalSuccessor, visited, pending))
                {
                    return true;
                }
            }

            return false;
        }

        private bool Follow(ControlFlowBranch? branch, bool[] visited, Stack<BasicBlock> pending)
        {
            if (branch is null)
            {
                return false;
            }

            foreach (var region in branch.FinallyRegions)
            {
                if (FinallyAlwaysLogs(region))
                {
                    return false;
                }
            }

            var destination = branch.Destination;
            if (destination is null)
            {
                // Throw, rethrow (exceptional, not a normal path) or the end of a finally/filter (its
                // continuation belongs to the enclosing branch, already judged there).
                return false;
            }

            if (destination.Kind == BasicBlockKind.Exit)
            {
                return true;
            }

            if (HasLogging[destination.Ordinal] || visited[destination.Ordinal])
            {
                return false;
            }

            visited[destination.Ordinal] = true;
            pending.Push(destination);
            return false;
        }

        private bool FinallyAlwaysLogs(ControlFlowRegion region)
        {
            if (_finallyAlwaysLogs.TryGetValue(region, out var known))
            {
                return known;
            }

            _finallyAlwaysLogs[region] = false;
            var always = true;
            var visited = new bool[_graph.Blocks.Length];
            var pending = new Stack<BasicBlock>();
            var first = _graph.Blocks[region.FirstBlockOrdinal];
            if (!HasLogging[first.Ordinal])
            {
                pending.Push(first);
                visited[first.Ordinal] = true;
            }

            while (pending.Count > 0 && always)
            {
                var block = pending.Pop();
                foreach (var branch in new[] { block.FallThroughSuccessor, block.ConditionalSuccessor })
                {
                    if (branch is null)
                    {
                        continue;
                    }

                    var destination = branch.Destination;
                    if (destination is null)
                    {
                        // The end of the finally (StructuredExceptionHandling) reached without logging.
                        always &= branch.Semantics != ControlFlowBranchSemantics.StructuredExceptionHandling;
                        continue;
                    }

                    if (destination.Ordinal < region.FirstBlockOrdinal || destination.Ordinal > region.LastBlockOrdinal)
                    {
                        always = false;
                        continue;
                    }

                    if (!HasLogging[destination.Ordinal] && !visited[destination.Ordinal])
                    {
                        visited[destination.Ordinal] = true;
                        pending.Push(destination);
                    }
                }
            }

            _finallyAlwaysLogs[region] = always;
            return always;
        }

        /// <summary>Post-order: arguments and receivers are evaluated before the call that uses them.</summary>
        private void Collect(UnloggedInferenceFinder finder, IOperation operation, ref List<IInvocationOperation?>? events)
        {
            if (operation is IFlowAnonymousFunctionOperation anonymous)
            {
                AnonymousFunctions.Add(anonymous);
                return;
            }

            foreach (var child in operation.ChildOperations)
            {
                Collect(finder, child, ref events);
            }

            if (operation is not IInvocationOperation invocation)
            {
                return;
            }

            var method = invocation.TargetMethod;
            if (finder._calls.IsLogging(method, finder._options)
                || (method.MethodKind == MethodKind.LocalFunction && finder.LocalFunctionAlwaysLogs(_graph, method.OriginalDefinition)))
            {
                (events ??= new List<IInvocationOperation?>()).Add(null);
            }
            else if (finder._calls.IsInference(method, finder._options))
            {
                (events ??= new List<IInvocationOperation?>()).Add(invocation);
            }
        }
    }
}
