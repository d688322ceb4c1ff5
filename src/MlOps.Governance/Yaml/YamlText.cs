using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace MlOps.Governance.Yaml;

/// <summary>
/// Loads YAML text (a card's front matter, a policy, a thresholds file) so that every way it can be wrong is a
/// <see cref="YamlException"/> with a position. YamlDotNet's node builder trusts its event stream: on some malformed
/// input the parser emits events out of shape before it reports the error, and the builder then throws
/// ArgumentException or InvalidOperationException with no position; and it builds the tree recursively, so a few
/// thousand unclosed '[' overflow the stack, which ends the process without a message. So the text is walked with the
/// event parser first (it keeps its own state stack): a syntax error is reported at its position, and nesting deeper
/// than <see cref="MaxDepth"/> is refused, before the tree is built.
/// </summary>
internal static class YamlText
{
    /// <summary>The deepest nesting accepted: the card and the policy need four levels; 64 leaves room for any hand-written file.</summary>
    public const int MaxDepth = 64;

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="YamlException">The text is not valid YAML, or is nested deeper than <see cref="MaxDepth"/>.</exception>
    public static YamlStream Load(string text)
    {
        Validate(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // Not seen once the event stream is valid; kept so that a YamlDotNet surprise is still a YAML error.
            throw new YamlException(Mark.Empty, Mark.Empty, "The YAML could not be read: " + e.Message);
        }
        return stream;
    }

    private static void Validate(string text)
    {
        var parser = new Parser(new StringReader(text));
        // The collections open at this point: whether each is a mapping, and how many nodes it holds so far (a
        // mapping alternates keys and values, so it must close after an even number).
        var open = new Stack<(bool IsMapping, int Nodes)>();
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current.End;
                switch (current)
                {
                    case NodeEvent node:
                        if (open.Count > 0)
                        {
                            var (isMapping, nodes) = open.Pop();
                            open.Push((isMapping, nodes + 1));
                        }
                        if (node is MappingStart or SequenceStart)
                        {
                            if (open.Count == MaxDepth)
                            {
                                throw new YamlException(current.Start, current.End,
                                    $"The YAML is nested more than {MaxDepth} levels deep here; no card or option file needs that many.");
                            }
                            open.Push((node is MappingStart, 0));
                        }
                        break;
                    case MappingEnd or SequenceEnd:
                        var closing = open.Count > 0 ? open.Pop() : (IsMapping: current is MappingEnd, Nodes: 1);
                        if (closing.IsMapping != current is MappingEnd || (closing.IsMapping && closing.Nodes % 2 == 1))
                        {
                            throw new YamlException(current.Start, current.End, "A key has no value here, or a list or mapping is not closed where it should be.");
                        }
                        break;
                }
            }
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way (with no position, and in its own internal words) when the text ends
            // inside an unclosed '[', '{' or quoted value: report it where the last complete event ended.
            throw new YamlException(last, last,
                "The YAML ends inside an unclosed '[', '{' or quoted value, or holds a character YAML does not allow.");
        }
    }
}
