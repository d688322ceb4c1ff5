#:project ../../src/MlOps.Governance/MlOps.Governance.csproj
// Packages a model into an .mlpkg with MlPackageBuilder, for eng/bench/verify.sh.
// Usage: dotnet run eng/bench/make-artefact.cs -- <model.onnx> <card.md> <output-folder>
using MlOps.Governance.Packaging;

var result = MlPackageBuilder.Build(new PackageRequest
{
    ModelPath = args[0],
    CardPath = args[1],
    OutputDirectory = args[2],
    SourceDateEpoch = 1700000000,
});
Console.WriteLine(result.PackagePath);
