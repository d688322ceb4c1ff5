using MlOps.Governance.Scoring;
using MlOps.Onnx;

namespace MlOps.Governance.DataQuality;

/// <summary>One data column the model reads, as the data-quality checks see it.</summary>
/// <param name="Name">The column name.</param>
/// <param name="IsText">Whether the model reads the column as text (a string input); otherwise as a number.</param>
/// <param name="ModelCategories">The categories the model's own encoder knows (the keys of a LabelEncoder or the
/// categories of a OneHotEncoder fed straight from the input), or null when the graph names none.</param>
public sealed record ModelInputColumn(string Name, bool IsText, IReadOnlyList<string>? ModelCategories);

/// <summary>
/// The data columns a model reads, decided as scoring decides them (<see cref="InputBinding"/>): one column per
/// [N,1] input named after it; for a single [N,F] input the columns its <c>mlops.features</c> metadata names, else
/// every column of the data except the label.
/// </summary>
public static class ModelInputSchema
{
    /// <summary>The columns <paramref name="model"/> reads from a table with <paramref name="header"/>.</summary>
    public static IReadOnlyList<ModelInputColumn> Of(ModelFile model, IReadOnlyList<string> header, string? label)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(header);
        var inputs = model.Description.Inputs;
        if (inputs.Count == 1 && inputs[0].Shape is { Count: 2 } shape && shape[1] is not 1L && !header.Contains(inputs[0].Name, StringComparer.Ordinal))
        {
            var isText = inputs[0].ElementType == "string";
            var named = model.Metadata(InputBinding.FeaturesMetadataKey);
            var names = string.IsNullOrWhiteSpace(named)
                ? header.Where(h => h != label)
                : named.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return names.Select(n => new ModelInputColumn(n, isText, null)).ToList();
        }
        return inputs.Select(i => new ModelInputColumn(i.Name, i.ElementType == "string",
            i.ElementType == "string" && !model.IsMlNet ? CategoriesOf(model.Model.Graph, i.Name) : null)).ToList();
    }

    /// <summary>
    /// The categories of the first encoder the string input <paramref name="input"/> reaches through Identity nodes:
    /// a LabelEncoder's <c>keys_strings</c> (skl2onnx, ML.NET's ValueToKey export) or a OneHotEncoder's
    /// <c>cats_strings</c>. Any other first consumer means the graph does not say which categories it knows.
    /// </summary>
    private static IReadOnlyList<string>? CategoriesOf(OnnxGraph graph, string input)
    {
        var value = input;
        for (var hops = 0; hops < 16; hops++)
        {
            var consumer = graph.Nodes.FirstOrDefault(n => n.Inputs.Count > 0 && n.Inputs[0] == value);
            switch (consumer?.OpType)
            {
                case "Identity":
                    value = consumer.Outputs[0];
                    continue;
                case "LabelEncoder":
                    return consumer.Attribute("keys_strings")?.Strings;
                case "OneHotEncoder":
                    return consumer.Attribute("cats_strings")?.Strings;
                default:
                    return null;
            }
        }
        return null;
    }
}
