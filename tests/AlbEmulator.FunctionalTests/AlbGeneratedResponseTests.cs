using System.Text;
using System.Text.RegularExpressions;
using AlbEmulator.Errors;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Every response ALB generates itself, from one table of cases, asserted byte for byte over a raw
/// socket (only the Date value is masked): status line and reason phrase, headers in ALB's order
/// (Server, Date, Content-Type, Content-Length, Connection: HDR-60, HDR-61), the nginx-style body from the error
/// catalogue, whether the connection is closed, and the access-log line (ERR-*, ERR-BODY-1..3).
/// Target failures come from real misbehaving backends (<see cref="MisbehavingTarget"/>), not mocks.
/// </summary>
public sealed partial class AlbGeneratedResponseTests
{
    public enum TargetKind
    {
        Echo,
        Refused,
        Empty,
        Reset,
        CloseMidResponse,
        LieAboutContentLength,
        Stall,
        Malformed,
        HugeResponseHeaders,
    }

    public static TheoryData<string, TargetKind, string, AlbError, bool> Cases() => new()
    {
        { "target refuses the connection", TargetKind.Refused, "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n", AlbError.TargetConnectionError, false },
        { "target resets the connection", TargetKind.Reset, "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n", AlbError.TargetConnectionError, false },
        { "target closes mid-response", TargetKind.CloseMidResponse, "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n", AlbError.TargetConnectionError, false },
        { "target lies about Content-Length", TargetKind.LieAboutContentLength, "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n", AlbError.TargetResponseTimeout, false },
        { "target never answers", TargetKind.Stall, "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n", AlbError.TargetResponseTimeout, false },
        { "target sends a malformed response", TargetKind.Malformed, "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n", AlbError.TargetInvalidResponse, false },
        { "target sends 40 K of response headers", TargetKind.HugeResponseHeaders, "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n", AlbError.TargetInvalidResponse, false },
        { "no registered targets", TargetKind.Empty, "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n", AlbError.NoRegisteredTargets, false },
        { "no registered targets, HEAD", TargetKind.Empty, "HEAD / HTTP/1.1\r\nHost: a.test\r\n\r\n", AlbError.NoRegisteredTargets, true },
        { "TRACE", TargetKind.Echo, "TRACE / HTTP/1.1\r\nHost: a.test\r\n\r\n", AlbError.MethodNotAllowed, false },
        { "31 X-Forwarded-For addresses", TargetKind.Echo, $"GET / HTTP/1.1\r\nHost: a.test\r\nX-Forwarded-For: {string.Join(", ", Enumerable.Range(1, 31).Select(i => $"10.0.0.{i}"))}\r\n\r\n", AlbError.TooManyForwardedForAddresses, false },
        { "HTTP/2 preface on an HTTP listener", TargetKind.Echo, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", AlbError.HttpVersionNotSupported, false },
        { "request line over 16 K", TargetKind.Echo, $"GET /{new string('a', 17 * 1024)} HTTP/1.1\r\nHost: a.test\r\n\r\n", AlbError.UriTooLong, false },
        { "one header over 16 K", TargetKind.Echo, $"GET / HTTP/1.1\r\nHost: a.test\r\nX-Big: {new string('b', 17 * 1024)}\r\n\r\n", AlbError.RequestHeaderTooLarge, false },
        { "headers over 64 K in total", TargetKind.Echo, $"GET / HTTP/1.1\r\nHost: a.test\r\n{string.Concat(Enumerable.Range(1, 5).Select(i => $"X-Big-{i}: {new string('b', 14 * 1024)}\r\n"))}\r\n", AlbError.RequestHeaderTooLarge, false },
        { "HTTP/1.1 without Host", TargetKind.Echo, "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", AlbError.MissingHostHeader, false },
        { "Transfer-Encoding gzip", TargetKind.Echo, "POST / HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", AlbError.UnsupportedTransferEncoding, false },
        { "client stalls inside the request head", TargetKind.Echo, "GET / HTTP/1.1\r\nHost: a.test\r\nX-Partial: ", AlbError.RequestTimeout, false },
        { "client stalls inside the request body", TargetKind.Stall, "POST / HTTP/1.1\r\nHost: a.test\r\nContent-Length: 10\r\n\r\nabc", AlbError.RequestTimeout, false },
        { "redirect URL over 8 K", TargetKind.Echo, $"GET /long/{new string('p', 3000)} HTTP/1.1\r\nHost: a.test\r\n\r\n", AlbError.RedirectUrlTooLong, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_AlbGeneratedResponse_ExactBytes(string name, TargetKind kind, string request, AlbError expected, bool head)
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("echo");
        await using var misbehaving = kind is TargetKind.Reset or TargetKind.CloseMidResponse or TargetKind.LieAboutContentLength or TargetKind.Stall or TargetKind.Malformed or TargetKind.HugeResponseHeaders
            ? new MisbehavingTarget(Enum.Parse<TargetMisbehaviour>(kind.ToString()))
            : null;
        var targets = kind switch
        {
            TargetKind.Empty => "",
            TargetKind.Refused => $$"""{ "Id": "127.0.0.1", "Port": {{MisbehavingTarget.RefusingPort()}} }""",
            TargetKind.Echo => $$"""{ "Id": "127.0.0.1", "Port": {{backend.Port}} }""",
            _ => $$"""{ "Id": "127.0.0.1", "Port": {{misbehaving!.Port}} }""",
        };
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "LoadBalancer": { "LoadBalancerAttributes": [ { "Key": "idle_timeout.timeout_seconds", "Value": "2" } ] },
              "Listeners": [ {
                "Port": 8080, "Protocol": "HTTP",
                "DefaultActions": [ { "Type": "forward", "TargetGroupName": "t" } ],
                "Rules": [ { "Priority": 1, "Conditions": [ { "Field": "path-pattern", "Values": [ "/long/*" ] } ],
                             "Actions": [ { "Type": "redirect", "RedirectConfig": { "Host": "x.test", "Path": "/#{path}/#{path}/#{path}", "StatusCode": "HTTP_302" } } ] } ]
              } ],
              "TargetGroups": [ { "Name": "t", "Protocol": "HTTP", "Port": 80, "Targets": [ {{targets}} ] } ]
            }
            """);

        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        await connection.SendAsync(request);
        var response = await connection.ReadResponseAsync(headRequest: head, timeout: TimeSpan.FromSeconds(20));
        var descriptor = AlbErrorCatalog.Get(expected);

        var status = descriptor.ReasonPhrase.Length == 0 ? $"HTTP/1.1 {descriptor.StatusCode} " : $"HTTP/1.1 {descriptor.StatusCode} {descriptor.ReasonPhrase}";
        var expectedHead =
            $"{status}\r\n" +
            "Server: awselb/2.0\r\n" +
            "Date: <date>\r\n" +
            "Content-Type: text/html\r\n" +
            $"Content-Length: {descriptor.Body.Length}\r\n" +
            $"Connection: {(descriptor.CloseConnection ? "close" : "keep-alive")}\r\n\r\n";
        var rawHead = response.Raw[..(response.Raw.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)];
        Assert.Equal(expectedHead, DateValue().Replace(rawHead, "Date: <date>\r\n"));
        Assert.Equal(head ? [] : descriptor.Body, response.Body);
        if (descriptor.CloseConnection)
        {
            Assert.True(await connection.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), name + ": connection not closed");
        }

        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains($" 127.0.0.1:{connection.LocalPort} ", StringComparison.Ordinal)));
        Assert.Equal(descriptor.StatusCode.ToString(), line.ElbStatusCode);
        Assert.Equal("-", line.TargetStatusCode);
        Assert.Equal(descriptor.ErrorReason, line.ErrorReason);
        Assert.Equal(Encoding.ASCII.GetByteCount(response.Raw), long.Parse(line.Raw.Split(' ')[11]));
    }

    /// <summary>
    /// Redirects and fixed responses are ALB-generated too: the same head order (Location after
    /// Connection, as captured from real load balancers), keep-alive, and sent_bytes equal to the bytes
    /// on the wire.
    /// </summary>
    [Theory]
    [InlineData("/r", "HTTP/1.1 301 Moved Permanently\r\nServer: awselb/2.0\r\nDate: <date>\r\nContent-Type: text/html\r\nContent-Length: 134\r\nConnection: keep-alive\r\nLocation: https://a.test:443/r\r\n\r\n")]
    [InlineData("/f", "HTTP/1.1 404 Not Found\r\nServer: awselb/2.0\r\nDate: <date>\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 8\r\nConnection: keep-alive\r\n\r\nnot here")]
    public async Task RedirectAndFixedResponse_ExactBytes_SentBytesOnTheWire(string path, string expected)
    {
        await using var env = await AlbTestEnvironment.StartAsync("""
            {
              "Listeners": [ {
                "Port": 8080, "Protocol": "HTTP",
                "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "503" } } ],
                "Rules": [
                  { "Priority": 1, "Conditions": [ { "Field": "path-pattern", "Values": [ "/r" ] } ],
                    "Actions": [ { "Type": "redirect", "RedirectConfig": { "Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301" } } ] },
                  { "Priority": 2, "Conditions": [ { "Field": "path-pattern", "Values": [ "/f" ] } ],
                    "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "404", "ContentType": "text/plain", "MessageBody": "not here" } } ] } ]
              } ]
            }
            """);

        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        await connection.SendAsync($"GET {path} HTTP/1.1\r\nHost: a.test\r\n\r\n");
        var response = await connection.ReadResponseAsync(timeout: TimeSpan.FromSeconds(20));

        var body = path == "/r" ? Encoding.ASCII.GetString(AlbErrorPage.Render(301, "Moved Permanently")) : "";
        Assert.Equal(expected + body, DateValue().Replace(response.Raw, "Date: <date>\r\n"));
        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains($" 127.0.0.1:{connection.LocalPort} ", StringComparison.Ordinal)));
        Assert.Equal(Encoding.ASCII.GetByteCount(response.Raw), long.Parse(line.Raw.Split(' ')[11]));
        Assert.Equal(path == "/r" ? "https://a.test:443/r" : "-", line.RedirectUrl);
    }

    [GeneratedRegex(@"Date: [^\r]+\r\n")]
    private static partial Regex DateValue();
}
