using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace GptLab.Tests.Interop;

/// <summary>
/// The Hugging Face hub's download protocol on 127.0.0.1, for tests: <c>HEAD /&lt;id&gt;/resolve/main/&lt;file&gt;</c> answers a
/// redirect to the file's storage with its SHA-256 in <c>X-Linked-Etag</c> (the weights; config.json gets a git hash
/// as its ETag, as on the hub), <c>GET</c> serves the bytes and honours a range. It can cut the first download of the
/// weights halfway, advertise a wrong checksum, stall after the headers, answer everything with an HTML page, and counts
/// what it was asked.
/// </summary>
internal sealed class LocalHub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();

    public LocalHub(string modelId, string folder)
    {
        ModelId = modelId;
        _files = Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _thread = new Thread(Serve) { IsBackground = true };
        _thread.Start();
    }

    public string ModelId { get; }

    public string Endpoint { get; }

    /// <summary>Cut the next GET of model.safetensors after half its bytes.</summary>
    public bool CutNextDownload { get; set; }

    /// <summary>Publish this SHA-256 for the weights instead of the true one.</summary>
    public string? WrongSha256 { get; set; }

    /// <summary>Send a GET's headers, then nothing until the hub is disposed: a server that hangs mid-download.</summary>
    public bool StallAfterHeaders { get; set; }

    /// <summary>Answer every request with status 200 and an HTML page, as a captive portal or a misconfigured mirror does.</summary>
    public bool HtmlForEverything { get; set; }

    /// <summary>The Range headers of the GETs of the weights, in order ("" for none).</summary>
    public List<string> WeightRanges { get; } = [];

    private void Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = _listener.GetContext(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try { Answer(context); }
            catch (Exception e) when (e is HttpListenerException or IOException) { /* the client went away */ }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var (request, response) = (context.Request, context.Response);
        if (HtmlForEverything)
        {
            var page = "<!DOCTYPE html><html><body>Sign in to continue</body></html>"u8.ToArray();
            response.ContentType = "text/html";
            response.ContentLength64 = page.Length;
            if (request.HttpMethod != "HEAD") response.OutputStream.Write(page);
            response.Close();
            return;
        }
        var path = request.Url!.AbsolutePath.Trim('/');
        var prefix = $"{ModelId}/resolve/main/";
        if (path.StartsWith(prefix, StringComparison.Ordinal) && _files.TryGetValue(path[prefix.Length..], out var headed) && request.HttpMethod == "HEAD")
        {
            var file = path[prefix.Length..];
            if (file == "model.safetensors")
            {
                response.StatusCode = 302;
                response.Headers["Location"] = $"/storage/{file}";
                response.Headers["X-Linked-Etag"] = $"\"{WrongSha256 ?? Convert.ToHexStringLower(SHA256.HashData(headed))}\"";
                response.Headers["X-Linked-Size"] = headed.Length.ToString();
            }
            else
            {
                response.Headers["ETag"] = $"\"{Convert.ToHexStringLower(SHA1.HashData(headed))}\"";
                response.ContentLength64 = headed.Length;
            }
            response.Close();
            return;
        }
        var name = path.StartsWith("storage/", StringComparison.Ordinal) ? path["storage/".Length..] : path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : null;
        if (name is null || !_files.TryGetValue(name, out var bytes))
        {
            response.StatusCode = 404;
            response.Close();
            return;
        }
        var start = 0;
        var range = request.Headers["Range"];
        if (name == "model.safetensors") lock (WeightRanges) WeightRanges.Add(range ?? "");
        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            start = int.Parse(range["bytes=".Length..].TrimEnd('-'));
            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {start}-{bytes.Length - 1}/{bytes.Length}";
        }
        response.ContentLength64 = bytes.Length - start;
        if (StallAfterHeaders)
        {
            response.OutputStream.Write(bytes, start, 1);
            response.OutputStream.Flush();
            _stop.Wait(); // until disposed
            response.Abort();
            return;
        }
        if (name == "model.safetensors" && CutNextDownload)
        {
            CutNextDownload = false;
            response.OutputStream.Write(bytes, start, (bytes.Length - start) / 2);
            response.OutputStream.Flush();
            Thread.Sleep(300); // let the client read the half before the connection is reset
            response.Abort(); // the connection drops mid-body
            return;
        }
        response.OutputStream.Write(bytes, start, bytes.Length - start);
        response.Close();
    }

    public void Dispose()
    {
        _stop.Set();
        _listener.Stop();
        _listener.Close();
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
