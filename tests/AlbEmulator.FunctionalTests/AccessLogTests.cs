using System.Net;
using System.Net.Http.Headers;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Golden access-log lines, one per outcome the pipeline produces, through real requests. Every line is
/// parsed with the Athena regex (<see cref="AccessLogGolden.Normalize"/>).
/// </summary>
public sealed class AccessLogTests(AccessLogFixture fixture) : IClassFixture<AccessLogFixture>
{
    private const string Agent = "golden-test/1.0";

    private string Lb => fixture.Ids.LoadBalancerFullName;

    private async Task<string> SendAsync(int port, HttpMethod method, string target, Action<HttpRequestMessage>? configure = null, Version? version = null)
    {
        using var client = fixture.Env.CreateClient(port, version);
        using var request = new HttpRequestMessage(method, target);
        if (version is not null)
        {
            request.Version = version;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        request.Headers.UserAgent.ParseAdd(Agent);
        configure?.Invoke(request);
        using var response = await client.SendAsync(request);
        var marker = target.Length > 60 ? target[..60] : target;
        var line = await fixture.Env.WaitForAccessLogAsync(l => l.Contains($"\"{method.Method} ", StringComparison.Ordinal) && l.Contains(":" + port + marker, StringComparison.Ordinal));
        return AccessLogGolden.Normalize(line);
    }

    [Fact]
    public async Task Forwarded()
    {
        var line = await SendAsync(8080, HttpMethod.Get, "/ok?x=1&y=%20z");
        Assert.Equal(
            $"http <time> {Lb} 127.0.0.1:<port> 127.0.0.1:<port> <t> <t> <t> 200 200 <bytes> <bytes> \"GET http://127.0.0.1:8080/ok?x=1&y=%20z HTTP/1.1\" \"{Agent}\" - - {fixture.TargetGroupArn("web")} \"<trace>\" \"-\" \"-\" 0 <time> \"forward\" \"-\" \"-\" \"127.0.0.1:<port>\" \"200\" \"-\" \"-\" <tid> \"-\" \"-\" \"-\" 127.0.0.1 \"-\" \"-\"",
            line);
    }

    [Fact]
    public async Task Forwarded_HostHeaderLowerCased_NoUserAgent_PropagatedTraceId()
    {
        using var client = fixture.Env.CreateClient(8080);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/post") { Content = new StringContent("body") };
        request.Headers.Host = "WWW.Example.COM:1234";
        request.Headers.Add("X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678");
        using var response = await client.SendAsync(request);
        var raw = await fixture.Env.WaitForAccessLogAsync(l => l.Contains("/post HTTP/1.1", StringComparison.Ordinal));

        var parsed = AccessLogLine.Parse(raw);
        Assert.Equal("http://www.example.com:8080/post", parsed.RequestUrl);
        Assert.Equal("POST", parsed.RequestVerb);
        Assert.Equal("-", parsed.UserAgent);
        Assert.Contains("Root=1-67891233-abcdef012345678912345678", parsed.TraceId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FixedResponse()
    {
        var line = await SendAsync(8080, HttpMethod.Get, "/fixed");
        Assert.Equal(
            $"http <time> {Lb} 127.0.0.1:<port> - -1 -1 -1 404 - <bytes> <bytes> \"GET http://127.0.0.1:8080/fixed HTTP/1.1\" \"{Agent}\" - - - \"<trace>\" \"-\" \"-\" 10 <time> \"fixed-response\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" <tid> \"-\" \"-\" \"-\" 127.0.0.1 \"-\" \"-\"",
            line);
    }

    [Fact]
    public async Task Redirect()
    {
        var line = await SendAsync(8080, HttpMethod.Get, "/redirect?q=1");
        Assert.Equal(
            $"http <time> {Lb} 127.0.0.1:<port> - -1 -1 -1 301 - <bytes> <bytes> \"GET http://127.0.0.1:8080/redirect?q=1 HTTP/1.1\" \"{Agent}\" - - - \"<trace>\" \"-\" \"-\" 20 <time> \"redirect\" \"https://example.com:443/redirect?q=1\" \"-\" \"-\" \"-\" \"-\" \"-\" <tid> \"-\" \"-\" \"-\" 127.0.0.1 \"-\" \"-\"",
            line);
    }

    [Fact]
    public async Task MethodNotAllowed_405_BeforeRouting()
    {
        var line = await SendAsync(8080, HttpMethod.Trace, "/trace");
        Assert.Equal(
            $"http <time> {Lb} 127.0.0.1:<port> - -1 -1 -1 405 - <bytes> <bytes> \"TRACE http://127.0.0.1:8080/trace HTTP/1.1\" \"{Agent}\" - - - \"<trace>\" \"-\" \"-\" - <time> \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" <tid> \"-\" \"-\" \"-\" 127.0.0.1 \"-\" \"-\"",
            line);
    }

    /// <summary>HDR-3: the 463 for more than 30 X-Forwarded-For addresses, as logged.</summary>
    [Fact]
    public async Task TooManyForwardedFor_463()
    {
        var addresses = string.Join(", ", Enumerable.Range(1, 31).Select(i => $"10.0.0.{i}"));
        var line = await SendAsync(8080, HttpMethod.Get, "/xff", r => r.Headers.TryAddWithoutValidation("X-Forwarded-For", addresses));
        Assert.Equal(
            $"http <time> {Lb} 127.0.0.1:<port> - -1 -1 -1 463 - <bytes> <bytes> \"GET http://127.0.0.1:8080/xff HTTP/1.1\" \"{Agent}\" - - - \"<trace>\" \"-\" \"-\" - <time> \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" <tid> \"-\" \"-\" \"-\" 127.0.0.1 \"-\" \"-\"",
            line);
    }

    [Fact]
    public async Task TargetRefused_502()
    {
        var line = await SendAsync(8080, HttpMethod.Get, "/closed");
        Assert.Equal(
            $"http <time> {Lb} 127.0.0.1:<port> 127.0.0.1:<port> -1 -1 -1 502 - <bytes> <bytes> \"GET http://127.0.0.1:8080/closed HTTP/1.1\" \"{Agent}\" - - {fixture.TargetGroupArn("closed")} \"<trace>\" \"-\" \"-\" 40 <time> \"forward\" \"-\" \"-\" \"127.0.0.1:<port>\" \"-\" \"-\" \"-\" <tid> \"-\" \"-\" \"-\" 127.0.0.1 \"-\" \"-\"",
            line);
    }

    [Fact]
    public async Task NoRegisteredTargets_503()
    {
        var line = await SendAsync(8080, HttpMethod.Get, "/empty");
        Assert.Equal(
            $"http <time> {Lb} 127.0.0.1:<port> - -1 -1 -1 503 - <bytes> <bytes> \"GET http://127.0.0.1:8080/empty HTTP/1.1\" \"{Agent}\" - - {fixture.TargetGroupArn("empty")} \"<trace>\" \"-\" \"-\" 30 <time> \"forward\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" <tid> \"-\" \"-\" \"-\" 127.0.0.1 \"-\" \"-\"",
            line);
    }

    [Fact]
    public async Task RedirectUrlTooLong_507()
    {
        var path = "/long" + new string('a', 4200);
        var line = await SendAsync(8080, HttpMethod.Get, path);
        Assert.Equal(
            $"http <time> {Lb} 127.0.0.1:<port> - -1 -1 -1 507 - <bytes> <bytes> \"GET http://127.0.0.1:8080{path} HTTP/1.1\" \"{Agent}\" - - - \"<trace>\" \"-\" \"-\" 50 <time> \"redirect\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" <tid> \"-\" \"-\" \"-\" 127.0.0.1 \"-\" \"-\"",
            line);
    }

    [Fact]
    public async Task ClientGone_460()
    {
        using var client = fixture.Env.CreateClient(8080);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync("/slow", cancel.Token));

        var line = AccessLogGolden.Normalize(await fixture.Env.WaitForAccessLogAsync(l => l.Contains(":8080/slow ", StringComparison.Ordinal)));

        Assert.Equal(
            $"http <time> {Lb} 127.0.0.1:<port> 127.0.0.1:<port> <t> -1 -1 460 - <bytes> <bytes> \"GET http://127.0.0.1:8080/slow HTTP/1.1\" \"-\" - - {fixture.TargetGroupArn("slow")} \"<trace>\" \"-\" \"-\" 60 <time> \"forward\" \"-\" \"-\" \"127.0.0.1:<port>\" \"-\" \"-\" \"-\" <tid> \"-\" \"-\" \"-\" 127.0.0.1 \"-\" \"-\"",
            line);
    }

    [Fact]
    public async Task Https_TlsFieldsAndCertificate()
    {
        var line = await SendAsync(8443, HttpMethod.Get, "/tls");
        Assert.Equal(
            $"https <time> {Lb} 127.0.0.1:<port> 127.0.0.1:<port> <t> <t> <t> 200 200 <bytes> <bytes> \"GET https://127.0.0.1:8443/tls HTTP/1.1\" \"{Agent}\" <cipher> TLSv1.2 {fixture.TargetGroupArn("web")} \"<trace>\" \"-\" \"<cert>\" 0 <time> \"forward\" \"-\" \"-\" \"127.0.0.1:<port>\" \"200\" \"-\" \"-\" <tid> \"-\" \"-\" \"-\" 127.0.0.1 \"-\" \"-\"",
            line);
    }

    [Fact]
    public async Task Http2()
    {
        var line = await SendAsync(8443, HttpMethod.Get, "/h2", version: HttpVersion.Version20);
        Assert.Equal(
            $"h2 <time> {Lb} 127.0.0.1:<port> 127.0.0.1:<port> <t> <t> <t> 200 200 <bytes> <bytes> \"GET https://127.0.0.1:8443/h2 HTTP/2.0\" \"{Agent}\" <cipher> TLSv1.2 {fixture.TargetGroupArn("web")} \"<trace>\" \"-\" \"<cert>\" 0 <time> \"forward\" \"-\" \"-\" \"127.0.0.1:<port>\" \"200\" \"-\" \"-\" <tid> \"-\" \"-\" \"-\" 127.0.0.1 \"-\" \"-\"",
            line);
    }

    [Fact]
    public async Task Grpc()
    {
        var line = await SendAsync(8443, HttpMethod.Post, "/pkg.Service/Method", r =>
        {
            r.Content = new ByteArrayContent([0, 0, 0, 0, 0]);
            r.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            r.Headers.TryAddWithoutValidation("TE", "trailers");
        }, HttpVersion.Version20);
        Assert.Equal(
            $"grpcs <time> {Lb} 127.0.0.1:<port> 127.0.0.1:<port> <t> <t> <t> 200 200 <bytes> <bytes> \"POST https://127.0.0.1:8443/pkg.Service/Method HTTP/2.0\" \"{Agent}\" <cipher> TLSv1.2 {fixture.TargetGroupArn("grpc")} \"<trace>\" \"-\" \"<cert>\" 5 <time> \"forward\" \"-\" \"-\" \"127.0.0.1:<port>\" \"200\" \"-\" \"-\" <tid> \"-\" \"-\" \"-\" 127.0.0.1 \"-\" \"-\"",
            line);
    }

    [Fact]
    public async Task SameConnection_SameConnTraceId_RequestCreationTimeNotAfterTime()
    {
        using var client = fixture.Env.CreateClient(8080);
        (await client.GetAsync("/conn-a")).Dispose();
        (await client.GetAsync("/conn-b")).Dispose();

        var a = AccessLogLine.Parse(await fixture.Env.WaitForAccessLogAsync(l => l.Contains("/conn-a ", StringComparison.Ordinal)));
        var b = AccessLogLine.Parse(await fixture.Env.WaitForAccessLogAsync(l => l.Contains("/conn-b ", StringComparison.Ordinal)));

        Assert.Equal(a.ConnTraceId, b.ConnTraceId);
        Assert.Matches("^TID_[0-9a-f]{32}$", a.ConnTraceId);
        Assert.True(DateTime.Parse(a.RequestCreationTime).ToUniversalTime() <= DateTime.Parse(a.Time).ToUniversalTime());
    }
}
