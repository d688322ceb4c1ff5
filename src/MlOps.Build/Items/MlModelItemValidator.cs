using MlOps.Diagnostics;

namespace MlOps.Build.Items;

/// <summary>
/// The checks only the MSBuild side can make, before any file is read or written: every item has a card
/// and no two items write the same artefact. Everything about content (ONNX, card, name, version, data,
/// evidence) belongs to MlOps.Governance and arrives as <see cref="MlOpsException"/>.
/// </summary>
internal static class MlModelItemValidator
{
    /// <summary>One problem found in the project's MlModel items, and the items it keeps from being packaged.</summary>
    internal sealed record Problem(DiagnosticDescriptor Diagnostic, IReadOnlyList<MlModelItem> Items, string Message);

    /// <summary>Every problem, in item order; an item named by a problem is not packaged.</summary>
    public static IReadOnlyList<Problem> Validate(IReadOnlyList<MlModelItem> items)
    {
        var problems = new List<Problem>();
        // Case-insensitive: on Windows and macOS the two files would be one.
        var seen = new Dictionary<string, MlModelItem>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            if (item.CardPath is null)
            {
                problems.Add(new Problem(DiagnosticCatalog.ItemIncomplete, [item],
                    $"{item.Display} has no Card metadata; every packaged model needs a model card. " +
                    "Fix: add Card=\"model-card.md\" (a Markdown file with YAML front matter, see docs/model-card.md) to the MlModel item, or remove the item."));
            }

            if (seen.TryGetValue(item.ExpectedPackagePath, out var first))
            {
                // Neither is packaged: writing the first would leave an artefact that makes the next build
                // look up to date, and which item is "first" is only the order of the project file.
                problems.Add(new Problem(DiagnosticCatalog.DuplicateArtefact, [first, item],
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
