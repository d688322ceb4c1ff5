using System.Reflection;

namespace MlOps.Cli.Shell;

/// <summary>The version of the mlops tool, as `mlops version` prints it and crash reports record it.</summary>
internal static class ToolVersion
{
    /// <summary>The informational version (SemVer with the commit), or "unknown".</summary>
    public static string Informational { get; } = typeof(ToolVersion).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
