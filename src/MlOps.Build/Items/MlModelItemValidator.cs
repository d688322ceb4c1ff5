using MlOps.Diagnostics;

namespace MlOps.Build.Items;

/// <summary>
/// The checks only the MSBuild side can make, before any file is read: every item has a card and no
/// two items write the same artefact. Everything about content (ONNX, card, name, version, data,
/// evidence) belongs to MlOps.Governance and arrives as <see cref="MlOpsException"/>.
/// </summary>
internal static class MlModelItemValidator
{
    /// <summary>One problem found in the project's MlModel items.</summary>
    internal sealed record Problem(DiagnosticDescriptor Diagnostic, MlModelItem Item, string Message);

    /// <summary>Every problem, in item order; an item with a problem is not packaged.</summary>
    public static IReadOnlyList<Problem> Validate(IReadOnlyList<MlModelItem> items)
    {
        var problems = new List<Problem>();
        // Case-insensitive: on Windows and macOS the two files would be one.
        var seen = new Dictionary<string, MlModelItem>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            if (item.CardPath is null)
            {
                problems.Add(new Problem(DiagnosticCatalog.ItemIncomplete, item,
                    $"{item.Display} has no Card metadata; every packaged model needs a model card. " +
                    "Fix: add Card=\"model-card.md\" (a Markdown file with YAML front matter, see docs/model-card.md) to the MlModel item, or remove the item."));
            }

            if (seen.TryGetValue(item.ExpectedPackagePath, out var first))
            {
                problems.Add(new Problem(DiagnosticCatalog.DuplicateArtefact, item,
                    $"MlModel '{item.ModelPath}' and MlModel '{first.ModelPath}' both write '{Path.GetFileName(item.ExpectedPackagePath)}'. " +
                    "Fix: give each MlModel item its own Name (or Version) metadata."));
            }
            else
            {
                seen.Add(item.ExpectedPackagePath, item);
            }
        }

        return problems;
    }
}
