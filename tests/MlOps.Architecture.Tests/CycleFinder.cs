namespace MlOps.Architecture.Tests;

/// <summary>
/// Finds the loops of a directed graph, so that a layering test can say which nodes are tangled and through
/// which arrows. A loop-free graph is what "floors" means: every node can be put on a floor above everything
/// it uses. The tangles are the strongly connected components with more than one node (Tarjan's algorithm);
/// inside one, <see cref="Loops"/> spells out the elementary loops for the failure message.
/// </summary>
public static class CycleFinder
{
    /// <summary>
    /// The groups of nodes that reach each other (strongly connected components of two or more nodes, or one
    /// node with an arrow to itself), each sorted by name, ordered by their first node.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Tangles(IEnumerable<string> nodes, IEnumerable<(string From, string To)> edges)
    {
        var edgeList = edges.ToList();
        var successors = Successors(edgeList);
        var allNodes = nodes.Concat(edgeList.SelectMany(e => new[] { e.From, e.To }))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

        // Tarjan: index = discovery order, low = lowest index reachable; a node whose low is its own index
        // closes a component, which is what is on the stack above it.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in successors.GetValueOrDefault(node, []))
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }
            if (low[node] != index[node])
            {
                return;
            }
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != node);
            if (component.Count > 1 || edgeList.Contains((node, node)))
            {
                result.Add(component.OrderBy(n => n, StringComparer.Ordinal).ToList());
            }
        }

        foreach (var node in allNodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }
        return result.OrderBy(c => c[0], StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The elementary loops inside one tangle (each written from its alphabetically first node and ending where
    /// it started), at most <paramref name="max"/> of them, shortest first.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Loops(IReadOnlyList<string> tangle, IEnumerable<(string From, string To)> edges, int max = 20)
    {
        var members = tangle.OrderBy(n => n, StringComparer.Ordinal).ToList();
        var successors = Successors(edges.Where(e => members.Contains(e.From) && members.Contains(e.To)));
        var loops = new List<IReadOnlyList<string>>();
        var path = new List<string>();

        // A loop is found once, from its smallest node: from members[i], only walk members[i..].
        for (var i = 0; i < members.Count && loops.Count < max; i++)
        {
            var start = members[i];
            var allowed = members.Skip(i).ToHashSet(StringComparer.Ordinal);
            path.Add(start);
            Walk(start);
            path.Clear();

            void Walk(string node)
            {
                foreach (var next in successors.GetValueOrDefault(node, []))
                {
                    if (loops.Count >= max)
                    {
                        return;
                    }
                    if (next == start)
                    {
                        loops.Add([.. path, start]);
                    }
                    else if (allowed.Contains(next) && !path.Contains(next))
                    {
                        path.Add(next);
                        Walk(next);
                        path.RemoveAt(path.Count - 1);
                    }
                }
            }
        }
        return loops.OrderBy(l => l.Count).ThenBy(l => string.Join(" ", l), StringComparer.Ordinal).ToList();
    }

    private static Dictionary<string, List<string>> Successors(IEnumerable<(string From, string To)> edges) =>
        edges.Distinct()
            .GroupBy(e => e.From, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(e => e.To).OrderBy(n => n, StringComparer.Ordinal).ToList(),
                StringComparer.Ordinal);
}
