using System.Net;
using System.Security.Cryptography;

namespace GptLab.Interop;

/// <summary>
/// Fetches a GPT-2's config.json and model.safetensors from the Hugging Face hub, only when the user asks
/// (<c>gptlab import gpt2 --download &lt;id&gt;</c>), into one cache folder per model (<see cref="CacheFolder"/>). A broken
/// download resumes where it stopped (an HTTP range request on the <c>.part</c> file); the weights are checked against
/// the SHA-256 the hub publishes for them (its <c>X-Linked-Etag</c>) before they take their name, so the cache never
/// holds a half-written or wrong file under a final name; config.json must be a JSON object (a server that answers every
/// URL with an HTML page gets nothing cached). A server that sends nothing for <see cref="StallTimeout"/> (headers or
/// body) is given up on, and the command says how to resume. <c>HF_ENDPOINT</c> points it at a mirror, as for Python's hub.
/// </summary>
public static class HubDownload
{
    /// <summary>The files of a GPT-2 repository GptLab needs.</summary>
    public static IReadOnlyList<string> Files { get; } = [HuggingFaceGpt2Config.FileName, IO.RunFiles.Model];

    public const string CacheVariable = "GPTLAB_HUB_CACHE";

    /// <summary>How long a download waits for the next bytes (or the first headers) before it gives up.</summary>
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The hub: https://huggingface.co, or <c>$HF_ENDPOINT</c>.</summary>
    public static string Endpoint => (Environment.GetEnvironmentVariable("HF_ENDPOINT") is { Length: > 0 } e ? e : "https://huggingface.co").TrimEnd('/');

    /// <summary>The cache of every model: <c>$GPTLAB_HUB_CACHE</c>, else <c>~/.cache/gptlab/hub</c>.</summary>
    public static string CacheRoot => Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } configured ? configured
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "gptlab", "hub");

    /// <summary>Where model <paramref name="modelId"/> is cached under <paramref name="cacheRoot"/> (<see cref="CacheRoot"/>).</summary>
    public static string CacheFolder(string modelId, string? cacheRoot = null)
    {
        if (modelId.Length == 0 || modelId.Split('/').Any(part => part is "" or "." or ".." || part.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) || modelId.Count(c => c == '/') > 1)
            throw new GptLabException($"'{modelId}' is not a model id: use a hub name such as gpt2, gpt2-medium, distilgpt2 or owner/model");
        return Path.Combine(cacheRoot ?? CacheRoot, modelId.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>
    /// The cache folder of <paramref name="modelId"/> with both files in it, downloading what is missing from
    /// <paramref name="endpoint"/> (<see cref="Endpoint"/>) into <paramref name="cacheRoot"/> (<see cref="CacheRoot"/>);
    /// <paramref name="progress"/> sees (file, bytes so far, total bytes or null).
    /// </summary>
    public static string Fetch(string modelId, Action<string, long, long?>? progress = null, string? endpoint = null, string? cacheRoot = null, TimeSpan? stallTimeout = null)
    {
        var hub = new Hub(endpoint ?? Endpoint, modelId, CacheFolder(modelId, cacheRoot), stallTimeout ?? StallTimeout);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
        foreach (var file in Files)
            if (!File.Exists(Path.Combine(hub.Folder, file))) Download(http, hub, file, progress);
        return hub.Folder;
    }

    // One model on one hub, and the folder its files go to.
    private sealed record Hub(string Endpoint, string ModelId, string Folder, TimeSpan Stall);

    private static void Download(HttpClient http, Hub hub, string file, Action<string, long, long?>? progress)
    {
        var (modelId, folder) = (hub.ModelId, hub.Folder);
        var url = $"{hub.Endpoint}/{modelId}/resolve/main/{file}";
        var target = Path.Combine(folder, file);
        var part = target + ".part";
        try
        {
            // The hub answers the file's URL with a redirect to its storage and the LFS object's SHA-256 and size.
            using var head = Send(http, new HttpRequestMessage(HttpMethod.Head, url), hub, file);
            var sha256 = Header(head, "X-Linked-Etag") ?? Header(head, "ETag");
            if (sha256 is not null && (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))) sha256 = null; // a git hash: not LFS
            if (sha256 is null && file == IO.RunFiles.Model)
                throw new GptLabException($"{url} came without its published SHA-256 (X-Linked-Etag): not downloaded; fetch it by hand as docs/scale-out.md says");
            var location = head.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.TemporaryRedirect or HttpStatusCode.MovedPermanently or HttpStatusCode.PermanentRedirect
                ? new Uri(new Uri(url), head.Headers.Location!) : new Uri(url);
            var have = File.Exists(part) ? new FileInfo(part).Length : 0;
            var request = new HttpRequestMessage(HttpMethod.Get, location);
            if (have > 0) request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(have, null);
            using var response = Send(http, request, hub, file, followRedirects: 5);
            var resumed = response.StatusCode == HttpStatusCode.PartialContent;
            if (!resumed) have = 0; // the server sent the whole file: start the part again
            long? total = response.Content.Headers.ContentLength is { } length ? length + have : null;
            Directory.CreateDirectory(folder);
            using (var output = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write))
            using (var input = response.Content.ReadAsStream())
            {
                var buffer = new byte[1 << 20];
                int read;
                while ((read = Stalling(hub, token => input.ReadAsync(buffer, token).AsTask())) > 0)
                {
                    output.Write(buffer, 0, read);
                    have += read;
                    progress?.Invoke(file, have, total);
                }
            }
            if (total is { } expected && have != expected)
                throw new GptLabException($"{url} ended after {have:N0} of {expected:N0} bytes: run the same command again to resume");
            if (sha256 is not null)
            {
                using var stream = File.OpenRead(part);
                var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
                if (!actual.Equals(sha256, StringComparison.OrdinalIgnoreCase))
                {
                    stream.Close();
                    File.Delete(part);
                    throw new GptLabException($"{file} of {modelId} does not match its published SHA-256 ({actual[..12]}… instead of {sha256[..12]}…): the download was removed; run the command again");
                }
            }
            if (file == HuggingFaceGpt2Config.FileName && !IsJsonObject(part))
            {
                File.Delete(part);
                throw new GptLabException($"{url} answered with something that is not a JSON object (an HTML page?): nothing was cached; check that HF_ENDPOINT ({hub.Endpoint}) is a Hugging Face hub");
            }
            File.Move(part, target, overwrite: true);
        }
        catch (HttpRequestException e)
        {
            throw new GptLabException($"cannot reach {hub.Endpoint} ({e.Message.Split('\n')[0].TrimEnd('.')}): offline? put {string.Join(" and ", Files)} from {hub.Endpoint}/{modelId} into {folder} by hand, then run gptlab import gpt2 --from {folder}");
        }
        catch (IOException e) when (e is HttpIOException || e.InnerException is System.Net.Sockets.SocketException)
        {
            throw new GptLabException($"the download of {file} broke off ({e.Message.Split('\n')[0]}): run the same command again to resume from {new FileInfo(part).Length:N0} bytes");
        }
    }

    // Waits for one network call (headers, or the next bytes), or fails in one line when the server has sent nothing for
    // the stall time: a clock per call, so a slow but steady download never times out.
    private static T Stalling<T>(Hub hub, Func<CancellationToken, Task<T>> call)
    {
        using var stall = new CancellationTokenSource(hub.Stall);
        try
        {
            return call(stall.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (stall.IsCancellationRequested)
        {
            throw new GptLabException($"{hub.Endpoint} sent nothing for {hub.Stall.TotalSeconds:N0} s: run the same command again to resume, or check HF_ENDPOINT and the network");
        }
    }

    private static bool IsJsonObject(string path)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path)) is System.Text.Json.Nodes.JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    // Sends the request; a redirect is followed (up to the given number) for a GET, returned for a HEAD. Refusals are one line.
    private static HttpResponseMessage Send(HttpClient http, HttpRequestMessage request, Hub hub, string file, int followRedirects = 0)
    {
        var response = Stalling(hub, token => http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token));
        while (followRedirects-- > 0 && (int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } next)
        {
            var again = new HttpRequestMessage(HttpMethod.Get, new Uri(request.RequestUri!, next));
            if (request.Headers.Range is { } range) again.Headers.Range = range;
            response.Dispose();
            (request, response) = (again, Stalling(hub, token => http.SendAsync(again, HttpCompletionOption.ResponseHeadersRead, token)));
        }
        if (response.IsSuccessStatusCode || (int)response.StatusCode is >= 300 and < 400) return response;
        var status = (int)response.StatusCode;
        response.Dispose();
        throw new GptLabException(status == 404
            ? $"{hub.Endpoint} has no {hub.ModelId}/{file} (404): check the model id (gpt2, gpt2-medium, distilgpt2, …)"
            : $"{hub.Endpoint} refused {hub.ModelId}/{file} ({status}): the model may be gated or the hub down; download it by hand into {hub.Folder} and use --from");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? values.First().Trim('"') : null;
}
