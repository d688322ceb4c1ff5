namespace MlOps.Governance.Artefacts;

/// <summary>One file to put in a ZIP: its entry path (forward slashes) and its bytes.</summary>
/// <param name="Path">The entry path, for example "model/model.onnx".</param>
/// <param name="Content">The bytes, stored as they are.</param>
public sealed record ZipMember(string Path, ReadOnlyMemory<byte> Content);
