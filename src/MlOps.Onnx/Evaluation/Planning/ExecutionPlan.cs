using System.Collections.Frozen;
using MlOps.Onnx.Evaluation.Kernels;

namespace MlOps.Onnx.Evaluation.Planning;

/// <summary>
/// A compiled graph: what <see cref="InferenceSession"/> runs. Every value of the graph has a slot (an index
/// into the per-run value array); steps read and write slots in order and free intermediates after their last
/// reader. Built once by <see cref="ExecutionPlanBuilder"/> and never changed, so concurrent runs share it.
/// </summary>
/// <remarks>
/// Arrays rather than lists or LINQ because the session walks them on every run.
/// </remarks>
internal sealed class ExecutionPlan
{
    public ExecutionPlan(PlanStep[] steps, int slotCount, (int Slot, Tensor Value)[] constants, FrozenDictionary<string, PlanInput> inputSlots,
        FrozenList<OnnxValueInfo> inputs, IReadOnlyList<OnnxValueInfo> outputs, (string Name, int Slot)[] outputSlots)
    {
        Steps = steps;
        SlotCount = slotCount;
        Constants = constants;
        InputSlots = inputSlots;
        Inputs = inputs;
        Outputs = outputs;
        OutputSlots = outputSlots;
    }

    /// <summary>The kernels to run, in a topological order.</summary>
    public PlanStep[] Steps { get; }

    /// <summary>The length of the value array a run needs.</summary>
    public int SlotCount { get; }

    /// <summary>Initializers and folded values that some step or output reads, placed in the value array before a run.</summary>
    public (int Slot, Tensor Value)[] Constants { get; }

    /// <summary>Every graph input by name, including those an initializer backs (a caller may override them).</summary>
    public FrozenDictionary<string, PlanInput> InputSlots { get; }

    /// <summary>The inputs a caller must supply (graph inputs that are not initializers), in graph order.</summary>
    public FrozenList<OnnxValueInfo> Inputs { get; }

    /// <summary>The declared graph outputs, in graph order.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>Where each graph output is found after the last step, in graph order.</summary>
    public (string Name, int Slot)[] OutputSlots { get; }
}

/// <summary>One kernel call: the slots it reads (-1 for an absent optional input), writes, and frees afterwards.</summary>
internal sealed record PlanStep(Kernel Kernel, OnnxNode Node, int[] Inputs, int[] Outputs, int[] Release);

/// <summary>A graph input's declaration and slot; <paramref name="Optional"/> when an initializer supplies a default.</summary>
internal sealed record PlanInput(OnnxValueInfo Info, int Slot, bool Optional, int Position);
