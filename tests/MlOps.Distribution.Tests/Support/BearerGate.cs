using System.Net;
using System.Text;

namespace MlOps.Distribution.Tests.Support;

/// <summary>
/// A token-auth front for the real registry, as Docker Hub, GHCR and Harbor do it: every /v2/ request without the bearer
/// token gets 401 with <c>WWW-Authenticate: Bearer realm=…/token,service=…</c>; /token hands out the token for the right
/// basic credentials and records the scope asked for; authorised requests are forwarded to the registry unchanged.
/// </summary>
public sealed class BearerGate : IDisposable
{
    public const string Token = "test-token-7f3a";
    private readonly HttpListener _listener = new();
    private readonly HttpClient _registry;
    private readonly string _basic;

    public BearerGate(int registryPort, string user, string password)
    {
        Port = LocalRegistry.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        _registry = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{registryPort}/") };
        _ = Task.Run(Serve);
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    /// <summary>The scopes tokens were asked for.</summary>
    public List<string> Scopes { get; } = [];

    public void Dispose()
    {
        _listener.Close();
        _registry.Dispose();
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Handle(context));
        }
    }

    private async Task Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            if (request.Url!.AbsolutePath == "/token")
            {
                if (request.Headers["Authorization"] != $"Basic {_basic}")
                {
                    response.StatusCode = 401;
                    return;
                }
                lock (Scopes)
                {
                    Scopes.Add(request.QueryString["scope"] ?? "");
                }
                var body = Encoding.UTF8.GetBytes($"{{\"token\":\"{Token}\"}}");
                response.ContentType = "application/json";
                await response.OutputStream.WriteAsync(body);
                return;
            }
            if (request.Headers["Authorization"] != $"Bearer {Token}")
            {
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", $"Bearer realm=\"http://{Host}/token\",service=\"test-registry\"");
                return;
            }
            using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), request.Url.PathAndQuery);
            // The registry builds upload locations from Host: keep them pointing at the gate.
            forward.Headers.Host = Host;
            if (request.HasEntityBody)
            {
                forward.Content = new StreamContent(request.InputStream);
                if (request.ContentLength64 >= 0)
                {
                    forward.Content.Headers.ContentLength = request.ContentLength64;
                }
                foreach (var name in new[] { "Content-Type", "Content-Range" })
                {
                    if (request.Headers[name] is { } value)
                    {
                        forward.Content.Headers.TryAddWithoutValidation(name, value);
                    }
                }
            }
            else if (request.HttpMethod is "PUT" or "PATCH")
            {
                forward.Content = new ByteArrayContent([]);
            }
            if (request.Headers["Accept"] is { } accept)
            {
                forward.Headers.TryAddWithoutValidation("Accept", accept);
            }
            using var answer = await _registry.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead);
            response.StatusCode = (int)answer.StatusCode;
            foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
            {
                if (name is "Content-Length" or "Transfer-Encoding" or "Connection" or "Keep-Alive" or "Date")
                {
                    continue;
                }
                response.AddHeader(name, string.Join(",", values));
            }
            if (request.HttpMethod != "HEAD")
            {
                await answer.Content.CopyToAsync(response.OutputStream);
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or HttpRequestException or ObjectDisposedException)
        {
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }
    }
}
