using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Distribution.Tests.Support;

/// <summary>
/// A real CNCF distribution registry (Debian's docker-registry 2.8) on a free loopback port, storing in a temporary folder,
/// stopped and deleted on dispose. With <c>auth: true</c> it guards itself with htpasswd: the registry provisions the file
/// itself (a bcrypt entry for the user "docker" with a random password it logs), so no htpasswd tool is needed.
/// </summary>
public sealed partial class LocalRegistry : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private LocalRegistry(string folder, int port, bool auth)
    {
        Folder = folder;
        Port = port;
        Storage = Path.Combine(folder, "storage");
        Directory.CreateDirectory(Storage);
        var config = Path.Combine(folder, "config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Storage}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
              secret: mlops-test
            {(auth ? $"auth:\n  htpasswd:\n    realm: mlops-test\n    path: {Path.Combine(folder, "htpasswd")}\n" : "")}
            """);
        _process = new Process
        {
            StartInfo = new ProcessStartInfo(Executable!, ["serve", config]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false },
        };
        _process.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _process.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    /// <summary>/usr/bin/docker-registry, or null when not installed.</summary>
    public static string? Executable => File.Exists("/usr/bin/docker-registry") ? "/usr/bin/docker-registry" : null;

    /// <summary>The temporary folder (config, storage, htpasswd).</summary>
    public string Folder { get; }

    /// <summary>The registry's storage root (filesystem driver).</summary>
    public string Storage { get; }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>"127.0.0.1:port".</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>What the registry logged so far.</summary>
    public string Log { get { lock (_log) { return _log.ToString(); } } }

    /// <summary>The provisioned user's password (auth registries only).</summary>
    public string Password => PasswordLine().Match(Log) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no provisioned password in the log:\n" + Log);

    /// <summary>Starts a registry and waits until it answers.</summary>
    public static LocalRegistry Start(bool auth = false)
    {
        if (Executable is null)
        {
            throw new InvalidOperationException("docker-registry is not installed: run 'bash eng/install-test-deps.sh'.");
        }
        for (var attempt = 0; ; attempt++)
        {
            var folder = Directory.CreateTempSubdirectory("mlops-registry-").FullName;
            var registry = new LocalRegistry(folder, FreePort(), auth);
            if (registry.WaitUntilListening())
            {
                return registry;
            }
            var log = registry.Log;
            registry.Dispose();
            if (attempt == 2)
            {
                throw new InvalidOperationException("docker-registry did not start:\n" + log);
            }
        }
    }

    /// <summary>The path of a blob's data in the filesystem storage.</summary>
    public string BlobData(string digest)
    {
        var hex = digest["sha256:".Length..];
        return Path.Combine(Storage, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    /// <summary>Stops the registry (this process only) and deletes its folder.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private bool WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited)
            {
                return false;
            }
            if (Log.Contains("listening on", StringComparison.Ordinal))
            {
                try
                {
                    using var client = new TcpClient();
                    client.Connect(IPAddress.Loopback, Port);
                    return true;
                }
                catch (SocketException)
                {
                }
            }
            Thread.Sleep(50);
        }
        return false;
    }

    [GeneratedRegex(@"password=(\S+) user=docker")]
    private static partial Regex PasswordLine();
}
