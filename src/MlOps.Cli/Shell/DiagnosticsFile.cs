using System.Text.Json.Nodes;
using MlOps.IO;
using MlOps.Serialization;

namespace MlOps.Cli.Shell;

/// <summary>
/// When the environment variable <c>MLOPS_DIAGNOSTICS_FILE</c> names a file, the error that stops a command is also
/// written there as JSON (code, file, line, column, message, fix and the settings the fix refers to), so a script
/// that runs <c>mlops</c> can say how to fix it in its own terms: the Cake stages name their context properties.
/// </summary>
internal static class DiagnosticsFile
{
    /// <summary>The environment variable that asks for the file.</summary>
    public const string Variable = "MLOPS_DIAGNOSTICS_FILE";

    /// <summary>Writes <paramref name="error"/> to the file the environment names, if it names one.</summary>
    public static void Record(MlOpsException error)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path)
        {
            return;
        }
        var inputs = new JsonArray();
        foreach (var hint in error.Inputs)
        {
            inputs.Add(new JsonObject { ["name"] = hint.Input.Name, ["concept"] = hint.Input.Concept, ["value"] = hint.Value });
        }
        var document = new JsonObject
        {
            ["schema"] = "mlops.diagnostic/v1",
            ["code"] = error.Code,
            ["helpLink"] = error.Diagnostic?.HelpLink,
            ["file"] = error.File,
            ["line"] = error.Line,
            ["column"] = error.Column,
            ["message"] = error.Message,
            ["fix"] = error.Fix,
            ["inputs"] = inputs,
        };
        try
        {
            AtomicFile.Write(path, CanonicalJson.Write(document, JsonForm.Document), createFolder: true);
        }
        catch (MlOpsException)
        {
            // The line on stderr is the error report; the file is a convenience for scripts.
        }
    }
}
