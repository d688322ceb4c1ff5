using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using MlOps.Build.Tests.Infrastructure;

namespace MlOps.Build.Tests.Integration;

/// <summary>The MlOps.Build .nupkg itself: layout, private dependencies, no NuGet dependencies.</summary>
[Collection(PackedMlOpsBuildCollection.Name)]
public sealed class PackageLayoutTests(PackedMlOpsBuild package)
{
    private List<string> Entries()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    private string ReadEntry(string name)
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    [Fact]
    public void Props_and_targets_live_in_build_and_transitive_and_multitargeting_folders_import_them()
    {
        var entries = Entries();
        Assert.Contains("build/MlOps.Build.props", entries);
        Assert.Contains("build/MlOps.Build.targets", entries);
        foreach (var folder in new[] { "buildTransitive", "buildMultiTargeting" })
        {
            foreach (var ext in new[] { "props", "targets" })
            {
                var import = XDocument.Parse(ReadEntry($"{folder}/MlOps.Build.{ext}")).Root!.Elements("Import").Single();
                Assert.Equal($@"..\build\MlOps.Build.{ext}", import.Attribute("Project")!.Value);
            }
        }
    }

    [Fact]
    public void The_help_link_root_of_the_errors_the_targets_raise_is_packed_from_the_catalogue()
    {
        var props = XDocument.Parse(ReadEntry("build/MlOps.Build.HelpLinks.props"));
        Assert.Equal(MlOps.Diagnostics.DiagnosticCatalog.HelpRoot, props.Descendants("_MlOpsHelpRoot").Single().Value);
    }

    [Fact]
    public void The_task_and_its_private_dependencies_are_under_tasks_net8_and_MSBuild_is_not()
    {
        var tasks = Entries().Where(e => e.StartsWith("tasks/net8.0/", StringComparison.Ordinal)).Select(Path.GetFileName).ToList();
        foreach (var dll in new[] { "MlOps.Build.dll", "MlOps.Governance.dll", "MlOps.Onnx.dll", "MlOps.Core.dll", "Google.Protobuf.dll",
                     "YamlDotNet.dll", "Markdig.dll", "System.Numerics.Tensors.dll" })
        {
            Assert.Contains(dll, tasks);
        }

        Assert.DoesNotContain(tasks, t => t!.StartsWith("Microsoft.Build", StringComparison.Ordinal));
        Assert.DoesNotContain(Entries(), e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_assembly_the_task_references_is_in_the_package_or_the_host()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var shipped = zip.Entries.Where(e => e.FullName.StartsWith("tasks/net8.0/", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal))
            .ToDictionary(e => Path.GetFileNameWithoutExtension(e.Name), e => e);
        // What the .NET runtime and MSBuild itself provide to a task.
        var host = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);

        foreach (var (name, entry) in shipped)
        {
            using var stream = new MemoryStream();
            using (var s = entry.Open()) s.CopyTo(stream);
            stream.Position = 0;
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetString(metadata.GetAssemblyReference(handle).Name);
                Assert.True(shipped.ContainsKey(reference) || host.Contains(reference) || reference.StartsWith("Microsoft.Build", StringComparison.Ordinal),
                    $"{name}.dll references {reference}, which is neither in tasks/net8.0/ nor provided by the host.");
            }
        }
    }

    [Fact]
    public void The_package_is_a_development_dependency_without_NuGet_dependencies()
    {
        var nuspec = XDocument.Parse(ReadEntry("MlOps.Build.nuspec"));
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("true", metadata.Element(ns + "developmentDependency")?.Value);
        Assert.Equal(package.Version, metadata.Element(ns + "version")!.Value);
        Assert.Null(metadata.Element(ns + "dependencies"));
    }
}
