
namespace MlOps.Governance.Cards.Evidence;

/// <summary>
/// Maps evidence kinds to renderers; kinds without one get <see cref="GenericEvidenceSectionRenderer"/>.
/// </summary>
public sealed class EvidenceSectionRegistry
{
    private static readonly Lazy<EvidenceSectionRegistry> Discovered = new(Discover);
    private readonly Dictionary<string, IEvidenceSectionRenderer> _renderers = new(StringComparer.Ordinal);

    /// <summary>Every renderer in this assembly (public, non-abstract, parameterless), discovered once.</summary>
    public static EvidenceSectionRegistry Default => Discovered.Value;

    /// <summary>The fallback for kinds without a renderer.</summary>
    public IEvidenceSectionRenderer Fallback { get; } = new GenericEvidenceSectionRenderer();

    /// <summary>The registered kinds, ordinally sorted.</summary>
    public IReadOnlyList<string> Kinds => _renderers.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();

    /// <summary>Adds or replaces the renderer of its kind.</summary>
    public EvidenceSectionRegistry Register(IEvidenceSectionRenderer renderer)
    {
        _renderers[renderer.Kind] = renderer;
        return this;
    }

    /// <summary>The renderer for <paramref name="kind"/>, or the fallback.</summary>
    public IEvidenceSectionRenderer Resolve(string kind) => _renderers.GetValueOrDefault(kind) ?? Fallback;

    private static EvidenceSectionRegistry Discover()
    {
        var registry = new EvidenceSectionRegistry();
        var types = typeof(EvidenceSectionRegistry).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true }
                && typeof(IEvidenceSectionRenderer).IsAssignableFrom(t)
                && t != typeof(GenericEvidenceSectionRenderer)
                && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in types)
        {
            var renderer = (IEvidenceSectionRenderer)Activator.CreateInstance(type)!;
            if (registry._renderers.TryGetValue(renderer.Kind, out var existing))
            {
                throw new InvalidOperationException(
                    $"Two evidence renderers claim the kind '{renderer.Kind}': {existing.GetType().FullName} and {type.FullName}.");
            }
            registry._renderers[renderer.Kind] = renderer;
        }
        return registry;
    }
}
