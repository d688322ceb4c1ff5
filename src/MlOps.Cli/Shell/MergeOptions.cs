using System.CommandLine;
using System.CommandLine.Parsing;

namespace MlOps.Cli.Shell;

/// <summary>
/// The option rules of a command that either computes evidence or merges parts computed per shard (<c>--merge</c>):
/// merging takes everything from the parts, so the options that say how to compute are refused rather than ignored,
/// and the options computing needs are required only when not merging.
/// </summary>
internal static class MergeOptions
{
    /// <summary>Refuses every option given on the command line except <paramref name="allowed"/>.</summary>
    public static void RefuseAllBut(CommandResult result, params Option[] allowed)
    {
        foreach (var given in result.Children.OfType<OptionResult>().Where(o => !o.Implicit && !allowed.Contains(o.Option)))
        {
            throw new MlOpsException($"{given.Option.Name} is not used with --merge: each part records how it was computed.",
                fix: $"Leave {given.Option.Name} out when merging, or compute a part with it instead of merging.");
        }
    }

    /// <summary>Requires <paramref name="required"/> (options required unless the command merges).</summary>
    public static void Require(CommandResult result, params Option[] required)
    {
        foreach (var option in required.Where(o => result.GetResult(o) is null))
        {
            throw new MlOpsException($"Option '{option.Name}' is required (unless --merge).",
                fix: $"Give {option.Name}, or merge parts with --merge.");
        }
    }
}
