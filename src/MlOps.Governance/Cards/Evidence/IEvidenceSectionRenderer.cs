using MlOps.Governance.Evidence;

namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// Renders one kind of evidence into the model card. To add one, put a public sealed class with a
/// parameterless constructor implementing this interface in this folder: <see cref="EvidenceSectionRegistry.Default"/>
/// finds it by reflection. Output must be deterministic (invariant culture, fixed order, "R" doubles or a
/// fixed number of decimals) and the HTML safe (escape with <see cref="Html.Escape(string?)"/>).
/// </summary>
public interface IEvidenceSectionRenderer
{
    /// <summary>The evidence kind handled ("evaluation", "fairness", "drift-baseline", ...).</summary>
    string Kind { get; }

    /// <summary>Renders the evidence body.</summary>
    EvidenceSection Render(EvidenceFile evidence);
}
