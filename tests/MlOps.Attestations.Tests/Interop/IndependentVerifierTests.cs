using System.Diagnostics;
using MlOps.Attestations.Bundles;
using MlOps.Attestations.Keys;
using MlOps.Attestations.Statements;
using MlOps.Attestations.Tests.TestSupport;

namespace MlOps.Attestations.Tests.Interop;

/// <summary>Our envelopes verify with an independent DSSE implementation (Python and python3-cryptography).</summary>
public sealed class IndependentVerifierTests
{
    [PythonCryptographyFact]
    public void Python_verifies_our_envelopes_and_catches_a_changed_one()
    {
        using var folder = new TempFolder();
        var artefact = folder.File("credit-1.0.0.mlpkg");
        File.WriteAllBytes(artefact, [1, 2, 3, 4, 5]);
        var subject = Subject.OfFile(artefact);
        var (privatePath, publicPath, _) = KeyFiles.Create(folder.File("alice"), null);
        using var key = SigningKey.Load(privatePath, "UNUSED");
        var bundle = AttestationBundle.PathFor(artefact);
        AttestationBundle.Append(bundle, Signed.Envelope(key, subject));
        AttestationBundle.Append(bundle, Signed.Envelope(key, subject, new() { ["comment"] = "ünïcödé \u2028 \"quoted\"", ["time"] = "2026-12-01T00:00:00Z" }, PredicateTypes.Release));

        var (exit, output) = Python(bundle, publicPath, artefact);
        Assert.True(exit == 0, output);
        Assert.Contains("1 ok https://mlopsbuild.dev/approval/v1", output);
        Assert.Contains("2 ok https://mlopsbuild.dev/release/v1", output);

        // One changed byte in the base64 payload of line 2: Python must refuse it too.
        var lines = File.ReadAllLines(bundle);
        var at = lines[1].IndexOf("\"payload\":\"", StringComparison.Ordinal) + 20;
        lines[1] = lines[1][..at] + (lines[1][at] == 'A' ? 'B' : 'A') + lines[1][(at + 1)..];
        File.WriteAllLines(bundle, lines);
        (exit, output) = Python(bundle, publicPath, artefact);
        Assert.Equal(1, exit);
        Assert.Contains("2 FAIL", output);
    }

    private static (int Exit, string Output) Python(string bundle, string publicKey, string artefact)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Interop", "dsse_verify.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, bundle, publicKey, artefact })
        {
            start.ArgumentList.Add(a);
        }
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
