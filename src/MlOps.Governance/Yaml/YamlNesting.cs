using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MlOps.Governance.Yaml;

/// <summary>
/// Refuses YAML nested deeper than any card or option file needs, before a <c>YamlStream</c> loads it: YamlDotNet
/// builds its node tree recursively, so a few thousand unclosed '[' or '- - - …' overflow the stack, and a stack
/// overflow ends the process (no exception to catch, no message). The event parser this scan uses keeps its own
/// state stack, so it survives any depth.
/// </summary>
internal static class YamlNesting
{
    /// <summary>The deepest nesting accepted: the card and the policy need four levels; 64 leaves room for any hand-written file.</summary>
    public const int MaxDepth = 64;

    /// <summary>Throws a <see cref="YamlException"/> at the first collection nested deeper than <see cref="MaxDepth"/>.</summary>
    /// <remarks>A syntax error stops the scan silently: the load that follows reports it with its own position.</remarks>
    public static void Check(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        if (++depth > MaxDepth)
                        {
                            var at = parser.Current!;
                            throw new YamlException(at.Start, at.End,
                                $"The YAML is nested more than {MaxDepth} levels deep here; no card or option file needs that many.");
                        }
                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (YamlException) when (depth <= MaxDepth)
        {
            // A syntax error, not nesting: YamlStream.Load reports it.
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unclosed values; YamlStream.Load meets it too and it is reported there.
        }
    }
}
