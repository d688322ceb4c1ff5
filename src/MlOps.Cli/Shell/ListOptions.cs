namespace MlOps.Cli.Shell;

/// <summary>Splits comma-separated and repeated list options.</summary>
internal static class ListOptions
{
    /// <summary>The items of a list option (null when none were given).</summary>
    public static IReadOnlyList<string>? Split(string[]? values)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }
        return values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
    }
}
