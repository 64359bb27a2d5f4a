using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The exact bytes an HTTP1 target receives (request line, header names with their case and order, values,
/// body framing) and the exact bytes an HTTP/1.x client receives back from a target's response. The expected
/// texts were captured from the YARP + SocketsHttpHandler path (HTTP/1.x clients) and the downgrade client
/// (HTTP/2 clients, TG-21) before the direct HTTP/1.1 forwarder replaced both, so they prove the forwarder
/// writes what targets received before. Only the trace id and the Date header are normalised. Header names keep their
/// case (HDR-53); <c>Expect: 100-continue</c> is answered by the load balancer and not forwarded (HDR-54).
/// </summary>
public sealed partial class TargetWireBytesTests
{
    private const string Obs = "caf\u00e9-\u00ff";

    public static TheoryData<string> RequestCases => new(RequestCaseTable.Keys);

    public static TheoryData<string> ResponseCases => new(ResponseCaseTable.Keys);

    /// <summary>What the client sends on one connection (pieces sent in turn; "\u0001" = wait for 100 Continue first).</summary>
    private static readonly Dictionary<string, string[]> RequestCaseTable = new()
    {
        ["get"] = ["GET /a/b?x=1&y=%20 HTTP/1.1\r\nHost: app.example.com\r\nuser-agent: curl/8.0\r\nAccept: */*\r\nx-custom: one\r\nX-Request-ID: rid\r\naccept-encoding: gzip\r\nX-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: ftp\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n"],
        ["post-content-length"] = ["POST /submit HTTP/1.1\r\nHost: app.example.com\r\nContent-Type: application/json\r\nContent-Length: 13\r\nX-Trailing: t\r\n\r\n{\"a\":\"b\",\"c\"}"],
        ["post-empty"] = ["POST /empty HTTP/1.1\r\nHost: app.example.com\r\nContent-Length: 0\r\n\r\n"],
        ["post-no-body"] = ["POST /nobody HTTP/1.1\r\nHost: app.example.com\r\n\r\n"],
        ["delete"] = ["DELETE /item/7 HTTP/1.1\r\nHost: app.example.com\r\nAuthorization: Bearer abc\r\n\r\n"],
        ["chunked-upload"] = ["PUT /upload HTTP/1.1\r\nHost: app.example.com\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\nX-After: 1\r\n\r\n5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n"],
        ["http10"] = ["GET /old HTTP/1.0\r\nHost: app.example.com\r\nUser-Agent: old/1.0\r\n\r\n"],
        ["http10-no-host"] = ["GET /old HTTP/1.0\r\nAccept: text/html\r\n\r\n"],
        ["obs-text"] = ["GET /obs HTTP/1.1\r\nHost: app.example.com\r\nX-Obs: " + Obs + "\r\nUser-Agent: ua " + Obs + "\r\n\r\n"],
        ["duplicates"] = ["GET /dup HTTP/1.1\r\nHost: app.example.com\r\nX-Dup: 1\r\nAccept: text/html\r\nX-Dup: 2\r\nAccept: application/json\r\nUser-Agent: a/1\r\nUser-Agent: b/2\r\nVia: 1.1 p1\r\nVia: 1.1 p2\r\n\r\n"],
        ["cookies"] = ["GET /cookies HTTP/1.1\r\nHost: app.example.com\r\nCookie: a=1; b=2\r\nX-Between: y\r\nCookie: c=3\r\n\r\n"],
        ["expect-100"] = ["POST /expect HTTP/1.1\r\nHost: app.example.com\r\nContent-Length: 4\r\nExpect: 100-continue\r\nContent-Type: text/plain\r\n\r\n", "\u0001", "body"],
        ["transforms"] = ["GET /dp/B0042 HTTP/1.1\r\nHost: mywebsite-eu.com\r\nAccept: */*\r\n\r\n"],
        ["te-and-content-length"] = ["GET /hop HTTP/1.1\r\nHost: app.example.com\r\nTE: trailers\r\nUpgrade-Insecure-Requests: 1\r\nProxy-Authorization: Basic x\r\nX-Amzn-Trace-Id: Self=1-abc\r\nContent-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\r\nIf-None-Match: \"x\"\r\nReferer: http://a.test/\r\n\r\n"],
        ["content-headers"] = ["PATCH /p HTTP/1.1\r\nHost: app.example.com\r\nContent-Encoding: gzip\r\nContent-Language: en\r\nX-Mid: m\r\nContent-Length: 3\r\nLast-Modified: Tue, 01 Jan 2030 00:00:00 GMT\r\nAllow: GET\r\n\r\nabc"],
        ["absolute-form"] = ["GET http://app.example.com/abs?q HTTP/1.1\r\nHost: app.example.com\r\n\r\n"],
        ["path-escapes"] = ["GET /a%2Fb/caf%C3%A9/%7Euser/x;y=1/(1)*!$,@:~/%25/a%20b?k=a%2Bb&e=%E2%82%AC&t=~'!*(),;:@/? HTTP/1.1\r\nHost: app.example.com\r\n\r\n"],
        ["path-unusual"] = ["GET /p[1]/{x}|^`\"<>/?q=[1]{2}|^`\"<> HTTP/1.1\r\nHost: app.example.com\r\n\r\n"],
        ["empty-query"] = ["GET /e? HTTP/1.1\r\nHost: app.example.com\r\n\r\n"],
        ["server-and-set-cookie-request-headers"] = ["GET /s HTTP/1.1\r\nHost: app.example.com\r\nServer: s\r\nSet-Cookie: c=1\r\nx-frame-options: deny\r\nContent-Disposition: inline\r\nWarning: 199 x\r\n\r\n"],
    };

    /// <summary>Target responses (sent in one write; "close" cases close the connection after).</summary>
    private static readonly Dictionary<string, (string Request, string Response, bool Close)> ResponseCaseTable = new()
    {
        ["length"] = ("GET /r HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 OK\r\nx-lower: a\r\nContent-Type: text/html; charset=utf-8\r\nX-Dup: 1\r\nX-Dup: 2\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nCache-Control: no-cache\r\nContent-Length: 5\r\n\r\nhello", false),
        ["content-headers"] = ("GET /r HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Disposition: inline\r\nx-frame-options: DENY\r\nContent-Language: en\r\nX-Z: z\r\nexpires: 0\r\netag: \"t\"\r\nContent-Length: 2\r\n\r\nok", false),
        ["obs-text"] = ("GET /r HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 OK\r\nX-Obs: " + Obs + "\r\nContent-Length: 2\r\n\r\nok", false),
        ["utf8-text"] = ("GET /r HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 OK\r\nX-Utf8: caf\u00c3\u00a9 \u00e2\u0082\u00ac\r\nContent-Length: 2\r\n\r\nok", false),
        ["control-character"] = ("GET /r HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 OK\r\nX-Ctl: a\u0001b\r\nContent-Length: 2\r\n\r\nok", false),
        ["chunked"] = ("GET /r HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\nX-After: z\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", false),
        ["until-close"] = ("GET /r HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close", true),
        ["no-content"] = ("GET /r HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n", false),
        ["not-modified"] = ("GET /r HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "HTTP/1.1 304 Not Modified\r\nETag: \"e\"\r\nContent-Length: 10\r\n\r\n", false),
        ["reason"] = ("GET /r HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "HTTP/1.1 404 Nope Not Here\r\nContent-Length: 0\r\n\r\n", false),
        ["hop-by-hop"] = ("GET /r HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nServer: target/1\r\nContent-Length: 2\r\n\r\nok", false),
        ["head"] = ("HEAD /r HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n", false),
        ["continue-then-200"] = ("GET /r HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false),
        ["http10-target"] = ("GET /r HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nold target", true),
        ["http10-client-chunked"] = ("GET /r HTTP/1.0\r\nHost: a\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", false),
    };

    [Theory]
    [MemberData(nameof(RequestCases))]
    public async Task Http1Client_TargetReceivesTheseBytes(string name)
    {
        await using var target = new WireTarget();
        await using var env = await AlbTestEnvironment.StartAsync(Config(target.Port));
        await using var client = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        var pieces = RequestCaseTable[name];
        foreach (var piece in pieces)
        {
            if (piece == "\u0001")
            {
                var interim = await client.ReadResponseAsync();
                Assert.Equal("HTTP/1.1 100 Continue", interim.StatusLine);
                continue;
            }

            await client.SendAsync(piece);
        }

        var response = await client.ReadResponseAsync();
        Assert.Equal(200, response.StatusCode);
        var received = await Eventually.ValueAsync(() => target.Traffic.ToArray(), r => r.Length > 0, "the request at the target");
        Assert.Equal(ExpectedRequests[name], Normalise(Assert.Single(received)));
    }

    [Theory]
    [InlineData("get")]
    [InlineData("post")]
    [InlineData("stream")]
    public async Task Http2Client_TargetReceivesTheseBytes(string name)
    {
        await using var target = new WireTarget();
        await using var env = await AlbTestEnvironment.StartAsync(Config(target.Port));
        using var client = env.CreateClient(8443, HttpVersion.Version20);
        using var request = name switch
        {
            "get" => new HttpRequestMessage(HttpMethod.Get, "/h2/get?q=1"),
            "post" => new HttpRequestMessage(HttpMethod.Post, "/h2/post") { Content = new StringContent("hello", Encoding.UTF8, "text/plain") },
            _ => new HttpRequestMessage(HttpMethod.Put, "/h2/stream") { Content = new UnknownLengthContent("streamed") },
        };
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        request.Headers.UserAgent.ParseAdd("h2-agent/1.0");
        request.Headers.TryAddWithoutValidation("X-Custom-Header", "v");
        request.Headers.TryAddWithoutValidation("Cookie", "a=1");
        request.Headers.TryAddWithoutValidation("x-request-id", "rid");
        request.Headers.TryAddWithoutValidation("TE", "trailers");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        var received = await Eventually.ValueAsync(() => target.Traffic.ToArray(), r => r.Length > 0, "the request at the target");
        Assert.Equal(ExpectedHttp2Requests[name], Normalise(Assert.Single(received)));
    }

    [Theory]
    [MemberData(nameof(ResponseCases))]
    public async Task Http1Client_ReceivesTheseBytes(string name)
    {
        var (request, answer, close) = ResponseCaseTable[name];
        await using var target = new WireTarget { Answer = answer, CloseAfterAnswer = close };
        await using var env = await AlbTestEnvironment.StartAsync(Config(target.Port));
        using var client = new TcpClient();
        await client.ConnectAsync(env.Listener(8080).Host, env.Listener(8080).Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        Assert.Equal(ExpectedResponses[name], Normalise(Encoding.Latin1.GetString(received.ToArray())));
    }

    private static string Normalise(string text) =>
        ListenerHost().Replace(DateLine().Replace(TraceId().Replace(text, "1-TRACE"), "Date: DATE\r\n"), "Host: 127.0.0.1:PORT\r\n");

    [GeneratedRegex("Host: 127\\.0\\.0\\.1:[0-9]+\r\n")]
    private static partial Regex ListenerHost();

    [GeneratedRegex("1-[0-9a-f]{8}-[0-9a-f]{24}")]
    private static partial Regex TraceId();

    [GeneratedRegex("Date: [^\r\n]*\r\n")]
    private static partial Regex DateLine();

    private static string Config(int targetPort) => $$"""
        {
          "Listeners": [
            { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ {{TestConfig.Forward("t")}} ], "Rules": [
              { "Priority": 1, "Conditions": [ { "Field": "path-pattern", "Values": [ "/dp/*" ] } ], "Actions": [ {{TestConfig.Forward("t")}} ],
                "Transforms": [
                  { "Type": "host-header-rewrite", "HostHeaderRewriteConfig": { "Rewrites": [ { "Regex": "^mywebsite-(.+).com$", "Replace": "internal.dev.$1.myweb.com" } ] } },
                  { "Type": "url-rewrite", "UrlRewriteConfig": { "Rewrites": [ { "Regex": "^/dp/([A-Za-z0-9]+)/?$", "Replace": "/product.php?id=$1" } ] } } ] } ] },
            { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ {{TestConfig.Forward("t")}} ] } ],
          "TargetGroups": [ { "Name": "t", "Protocol": "HTTP", "ProtocolVersion": "HTTP1", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{targetPort}} } ] } ]
        }
        """;

    /// <summary>An HTTP/2 request body without a declared length.</summary>
    private sealed class UnknownLengthContent(string text) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>
    /// A target that records every request exactly as received (head and body framing, as Latin-1 text) and
    /// answers each with <see cref="Answer"/>. Health checks (ELB-HealthChecker) are answered, not recorded.
    /// </summary>
    private sealed class WireTarget : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public WireTarget()
        {
            _listener.Start();
            _loop = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public string Answer { get; init; } = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

        public bool CloseAfterAnswer { get; init; }

        public ConcurrentQueue<string> Traffic { get; } = new();

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = Task.Run(() => ServeAsync(client));
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                var pending = new StringBuilder();
                var buffer = new byte[8192];

                async Task<bool> FillAsync()
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
                    return read > 0;
                }

                try
                {
                    while (true)
                    {
                        int end;
                        while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
                        {
                            if (!await FillAsync())
                            {
                                return;
                            }
                        }

                        var head = pending.ToString(0, end + 4);
                        var consumed = end + 4;
                        var lines = head.Split("\r\n");
                        var length = lines.Where(l => l.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase)).Select(l => int.Parse(l[15..].Trim())).FirstOrDefault();
                        if (lines.Any(l => l.StartsWith("transfer-encoding:", StringComparison.OrdinalIgnoreCase) && l.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
                        {
                            // Chunks up to the last chunk and the empty trailer section.
                            while (pending.ToString().IndexOf("\r\n0\r\n\r\n", end, StringComparison.Ordinal) is var last && last < 0)
                            {
                                if (!await FillAsync())
                                {
                                    return;
                                }
                            }

                            consumed = pending.ToString().IndexOf("\r\n0\r\n\r\n", end, StringComparison.Ordinal) + 7;
                        }
                        else
                        {
                            while (pending.Length < consumed + length)
                            {
                                if (!await FillAsync())
                                {
                                    return;
                                }
                            }

                            consumed += length;
                        }

                        var request = pending.ToString(0, consumed);
                        pending.Remove(0, consumed);
                        if (request.Contains("ELB-HealthChecker", StringComparison.Ordinal))
                        {
                            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), _stop.Token);
                            continue;
                        }

                        Traffic.Enqueue(request);
                        await stream.WriteAsync(Encoding.Latin1.GetBytes(Answer), _stop.Token);
                        if (CloseAfterAnswer)
                        {
                            return;
                        }
                    }
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                }
                catch (IOException)
                {
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
