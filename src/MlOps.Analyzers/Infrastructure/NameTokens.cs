using System;
using System.Collections.Immutable;

namespace MlOps.Analyzers.Infrastructure;

/// <summary>
/// Splits identifiers into lower-case words (camelCase, PascalCase, snake_case, kebab-case, spaces, digits),
/// so <c>MaritalStatus</c>, <c>marital_status</c> and <c>sex_code</c> match the sensitive words while
/// <c>Message</c>, <c>Usage</c> and <c>Page</c> (one word each) do not.
/// </summary>
internal static class NameTokens
{
    public static ImmutableArray<string> Split(string identifier)
    {
        var words = ImmutableArray.CreateBuilder<string>();
        var start = -1;
        for (var i = 0; i < identifier.Length; i++)
        {
            var c = identifier[i];
            if (!char.IsLetter(c))
            {
                Flush(identifier, ref start, i, words);
                continue;
            }

            if (start < 0)
            {
                start = i;
                continue;
            }

            var previous = identifier[i - 1];
            var upperAfterLower = char.IsUpper(c) && char.IsLower(previous);
            // "HTTPServer": the S of Server starts a word because a lower-case letter follows it.
            var acronymEnd = char.IsUpper(c) && char.IsUpper(previous) && i + 1 < identifier.Length && char.IsLower(identifier[i + 1]);
            if (upperAfterLower || acronymEnd)
            {
                Flush(identifier, ref start, i, words);
                start = i;
            }
        }

        Flush(identifier, ref start, identifier.Length, words);
        return words.ToImmutable();
    }

    /// <summary>True when <paramref name="phrase"/>'s words occur in a row in <paramref name="words"/>.</summary>
    public static bool ContainsPhrase(ImmutableArray<string> words, ImmutableArray<string> phrase)
    {
        if (phrase.IsEmpty || phrase.Length > words.Length)
        {
            return false;
        }

        for (var i = 0; i + phrase.Length <= words.Length; i++)
        {
            var match = true;
            for (var j = 0; j < phrase.Length; j++)
            {
                if (!string.Equals(words[i + j], phrase[j], StringComparison.Ordinal))
                {
                    match = false;
                    break;
                }
            }

            if (match)
            {
                return true;
            }
        }

        return false;
    }

    private static void Flush(string identifier, ref int start, int end, ImmutableArray<string>.Builder words)
    {
        if (start >= 0 && end > start)
        {
            words.Add(identifier.Substring(start, end - start).ToLowerInvariant());
        }

        start = -1;
    }
}
