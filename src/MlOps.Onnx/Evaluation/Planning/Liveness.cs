namespace MlOps.Onnx.Evaluation.Planning;

/// <summary>
/// Decides when each intermediate value can be freed: after its last reader, so a run holds only live
/// tensors (and their buffers can be recycled within the run).
/// </summary>
internal static class Liveness
{
    /// <summary>Copies <paramref name="steps"/>, each with the slots it reads last; slots in <paramref name="outputs"/> are never freed.</summary>
    public static PlanStep[] WithReleases(IReadOnlyList<PlanStep> steps, (string Name, int Slot)[] outputs)
    {
        var keep = new HashSet<int>(outputs.Select(o => o.Slot));
        var lastUse = new Dictionary<int, int>();
        for (var s = 0; s < steps.Count; s++)
        {
            foreach (var slot in steps[s].Inputs)
            {
                if (slot >= 0)
                {
                    lastUse[slot] = s;
                }
            }
        }
        return steps.Select((step, s) => step with
        {
            Release = step.Inputs.Where(slot => slot >= 0 && !keep.Contains(slot) && lastUse[slot] == s).Distinct().ToArray(),
        }).ToArray();
    }
}
