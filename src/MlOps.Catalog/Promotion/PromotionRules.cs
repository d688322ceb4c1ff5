using MlOps.Catalog.Store;

namespace MlOps.Catalog.Promotion;

/// <summary>
/// Which stage moves the catalog allows (docs/catalog.md). A version moves forward (candidate → staging →
/// production) or is retired (→ archived); it never moves back: a production version that should stop serving is
/// archived, and the version to serve instead is promoted. An archived version may be brought back to staging or
/// production (a rollback), under the same rules as any promotion.
/// </summary>
public static class PromotionRules
{
    /// <summary>Why the move from <paramref name="from"/> to <paramref name="to"/> is refused, or null when it is allowed.</summary>
    public static string? Refusal(Stage from, Stage to)
    {
        if (from == to)
        {
            return $"the version is already in {to.Word()}";
        }
        if (to == Stage.Candidate)
        {
            return "no version moves back to candidate: candidate is where registration puts it";
        }
        if (from == Stage.Production && to == Stage.Staging)
        {
            return "a production version does not move back to staging: archive it, and promote the version that should serve instead";
        }
        return null;
    }

    /// <summary>Whether the move runs the gate with approvals: only a move into production does.</summary>
    public static bool RunsGate(Stage to) => to == Stage.Production;
}
