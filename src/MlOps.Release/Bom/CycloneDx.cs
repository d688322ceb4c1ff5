namespace MlOps.Release.Bom;

/// <summary>The CycloneDX words the BOM uses (CycloneDX 1.6, https://cyclonedx.org/docs/1.6/json/).</summary>
public static class CycloneDx
{
    /// <summary>The <c>$schema</c> of a 1.6 JSON BOM.</summary>
    public const string Schema = "http://cyclonedx.org/schema/bom-1.6.schema.json";

    /// <summary><c>bomFormat</c>.</summary>
    public const string BomFormat = "CycloneDX";

    /// <summary><c>specVersion</c>.</summary>
    public const string SpecVersion = "1.6";

    /// <summary>The suffix of a BOM file beside its artefact: <c>&lt;name&gt;-&lt;version&gt;.cdx.json</c>.</summary>
    public const string FileSuffix = ".cdx.json";

    /// <summary>The hash algorithm name of sha256.</summary>
    internal const string Sha256 = "SHA-256";

    /// <summary>
    /// The namespace of the properties that carry what CycloneDX has no field for (the CycloneDX property taxonomy
    /// asks for a prefix owned by the producer).
    /// </summary>
    internal const string PropertyPrefix = "mlops:";
}
