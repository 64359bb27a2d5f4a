using System.Net;
using System.Net.Sockets;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>The request a target receives (§6): X-Forwarded-*, X-Amzn-Trace-Id, Host, hop-by-hop headers, HTTP/1.1.</summary>
public sealed class RequestHeaderTests
{
    private const string TraceField = "1-[0-9a-f]{8}-[0-9a-f]{24}";

    private static string Config(TestBackend backend, int port = 8080, params (string Key, string Value)[] attributes) => $$"""
        {
          "LoadBalancer": { "LoadBalancerAttributes": [ {{TestConfig.Attributes(attributes)}} ] },
          "Listeners": [ { "Port": {{port}}, "Protocol": "HTTP", "DefaultActions": [ {{TestConfig.Forward(backend.Name)}} ] } ],
          "TargetGroups": [ {{TestConfig.TargetGroup(backend.Name, backend)}} ]
        }
        """;

    /// <summary>HDR-1: in append mode (the default) the client address is appended; HDR-4: several X-Forwarded-For fields are joined first.</summary>
    [Fact]
    public async Task XForwardedFor_AppendMode_ClientAppended()
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend));
        using var client = env.CreateClient(8080);

        var (none, _) = await Exchange.GetAsync(env, client, "/");
        var (one, _) = await Exchange.GetAsync(env, client, "/", r => r.Headers.Add("X-Forwarded-For", "203.0.113.7"));
        var (list, _) = await Exchange.GetAsync(env, client, "/", r => r.Headers.Add("X-Forwarded-For", "203.0.113.7, 198.51.100.2"));
        var twoFields = await Exchange.SendRawAsync(env, 8080, "GET / HTTP/1.1\r\nHost: x.test\r\nX-Forwarded-For: 10.0.0.1\r\nX-Forwarded-For: 10.0.0.2, 10.0.0.3\r\n\r\n");

        Assert.Equal(["127.0.0.1"], none.All("X-Forwarded-For"));
        Assert.Equal(["203.0.113.7, 127.0.0.1"], one.All("X-Forwarded-For"));
        Assert.Equal(["203.0.113.7, 198.51.100.2, 127.0.0.1"], list.All("X-Forwarded-For"));
        Assert.Equal(["10.0.0.1, 10.0.0.2, 10.0.0.3, 127.0.0.1"], twoFields.All("X-Forwarded-For"));
    }

    /// <summary>HDR-1: preserve mode forwards X-Forwarded-For as received.</summary>
    [Fact]
    public async Task XForwardedFor_PreserveMode_ForwardedAsReceived()
    {
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, attributes: ("routing.http.xff_header_processing.mode", "preserve")));
        using var client = env.CreateClient(8080);

        var (none, _) = await Exchange.GetAsync(env, client, "/");
        var (one, _) = await Exchange.GetAsync(env, client, "/", r => r.Headers.Add("X-Forwarded-For", "203.0.113.7, 198.51.100.2"));

        Assert.Empty(none.All("X-Forwarded-For"));
        Assert.Equal(["203.0.113.7, 198.51.100.2"], one.All("X-Forwarded-For"));
    }

    /// <summary>HDR-1: remove mode drops X-Forwarded-For.</summary>
    [Fact]
    public async Task XForwardedFor_RemoveMode_NotForwarded()
    {
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, attributes: ("routing.http.xff_header_processing.mode", "remove")));
        using var client = env.CreateClient(8080);

        var (none, _) = await Exchange.GetAsync(env, client, "/");
        var (one, _) = await Exchange.GetAsync(env, client, "/", r => r.Headers.Add("X-Forwarded-For", "203.0.113.7"));

        Assert.Empty(none.All("X-Forwarded-For"));
        Assert.Empty(one.All("X-Forwarded-For"));
    }

    /// <summary>HDR-2: with <c>routing.http.xff_client_port.enabled</c> the client port follows the address.</summary>
    [Fact]
    public async Task XForwardedFor_ClientPortEnabled_AppendsIpAndPort()
    {
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, attributes: ("routing.http.xff_client_port.enabled", "true")));
        var clientPort = 0;
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                clientPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = env.Listener(8080) };

        var (echo, log) = await Exchange.GetAsync(env, client, "/", r => r.Headers.Add("X-Forwarded-For", "203.0.113.7"));

        Assert.NotEqual(0, clientPort);
        Assert.Equal([$"203.0.113.7, 127.0.0.1:{clientPort}"], echo.All("X-Forwarded-For"));
        Assert.Equal(clientPort.ToString(), Exchange.LeadingFields(RawLine(env, echo)).ElementAt(3).Split(':')[1]);
        Assert.Equal("127.0.0.1", log.ClientIp);
    }

    /// <summary>HDR-10: X-Forwarded-Proto and X-Forwarded-Port name the client protocol and the listener port, whatever the client sent.</summary>
    [Fact]
    public async Task XForwardedProtoAndPort_ClientSupplied_Overwritten()
    {
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend));
        using var client = env.CreateClient(8080);

        var (echo, _) = await Exchange.GetAsync(env, client, "/", r =>
        {
            r.Headers.Add("X-Forwarded-Proto", "https");
            r.Headers.Add("X-Forwarded-Port", "443");
        });

        Assert.Equal(["http"], echo.All("X-Forwarded-Proto"));
        Assert.Equal(["8080"], echo.All("X-Forwarded-Port"));
    }

    /// <summary>HDR-30, HDR-31: without a trace header the target gets a new Root whose time field is now; the access log shows it.</summary>
    [Fact]
    public async Task TraceId_NoneReceived_NewRootWithCurrentTime()
    {
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend));
        using var client = env.CreateClient(8080);

        var (echo, log) = await Exchange.GetAsync(env, client, "/");

        var value = Assert.Single(echo.All("X-Amzn-Trace-Id"));
        Assert.Matches($"^Root={TraceField}$", value);
        var seconds = Convert.ToInt64(value.Substring("Root=1-".Length, 8), 16);
        Assert.InRange(seconds, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Equal(value, log.TraceId);
    }

    /// <summary>HDR-31: an incoming Root is kept and a Self field is added.</summary>
    [Fact]
    public async Task TraceId_IncomingRoot_SelfPrependedRootKept()
    {
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend));
        using var client = env.CreateClient(8080);
        const string incoming = "Root=1-5759e988-bd862e3fe1be46a994272793";

        var (echo, _) = await Exchange.GetAsync(env, client, "/", r => r.Headers.Add("X-Amzn-Trace-Id", incoming));

        Assert.Matches($"^Self={TraceField};Root=1-5759e988-bd862e3fe1be46a994272793$", Assert.Single(echo.All("X-Amzn-Trace-Id")));
    }

    /// <summary>HDR-31: an incoming Self is replaced; the other fields are kept.</summary>
    [Fact]
    public async Task TraceId_IncomingSelf_SelfReplacedOtherFieldsKept()
    {
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend));
        using var client = env.CreateClient(8080);
        const string incoming = "Self=1-67891234-12456789abcdef0123456789;Root=1-67891233-abcdef012345678912345678;CalledFrom=app";

        var (echo, _) = await Exchange.GetAsync(env, client, "/", r => r.Headers.Add("X-Amzn-Trace-Id", incoming));

        var value = Assert.Single(echo.All("X-Amzn-Trace-Id"));
        Assert.Matches($"^Self={TraceField};Root=1-67891233-abcdef012345678912345678;CalledFrom=app$", value);
        Assert.DoesNotContain("12456789abcdef0123456789", value);
    }

    /// <summary>HDR-31: custom trace fields are passed on.</summary>
    [Fact]
    public async Task TraceId_CustomFields_Preserved()
    {
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend));
        using var client = env.CreateClient(8080);
        const string incoming = "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:0";

        var (echo, log) = await Exchange.GetAsync(env, client, "/", r => r.Headers.Add("X-Amzn-Trace-Id", incoming));

        var value = Assert.Single(echo.All("X-Amzn-Trace-Id"));
        Assert.Matches($"^Self={TraceField};{incoming.Replace(".", "\\.")}$", value);
        Assert.Equal(value, log.TraceId);
    }

    [Fact]
    public async Task TraceId_RequestHeadersOver7KB_OnlyANewRoot()
    {
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend));
        using var client = env.CreateClient(8080);
        const string incoming = "Root=1-67891233-abcdef012345678912345678;CalledFrom=app";

        var (echo, log) = await Exchange.GetAsync(env, client, "/big", r =>
        {
            r.Headers.Add("X-Amzn-Trace-Id", incoming);
            r.Headers.Add("X-Padding", new string('p', 8 * 1024));
        });

        var value = Assert.Single(echo.All("X-Amzn-Trace-Id"));
        Assert.Matches($"^Root={TraceField}$", value);
        Assert.NotEqual("Root=1-67891233-abcdef012345678912345678", value);
        Assert.Equal(value, log.TraceId);
    }

    /// <summary>HDR-3: more than 30 addresses in X-Forwarded-For is a 463.</summary>
    [Fact]
    public async Task XForwardedFor_MoreThan30Addresses_Rejected463()
    {
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend));
        using var client = env.CreateClient(8080);
        static string Addresses(int count) => string.Join(", ", Enumerable.Range(1, count).Select(i => $"10.0.0.{i}"));

        var (thirty, _) = await Exchange.GetAsync(env, client, "/xff30", r => r.Headers.Add("X-Forwarded-For", Addresses(30)));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/xff31");
        request.Headers.Add("X-Forwarded-For", Addresses(31));
        using var rejected = await client.SendAsync(request);

        Assert.Equal(Addresses(30) + ", 127.0.0.1", thirty.Header("X-Forwarded-For"));
        Assert.Equal(463, (int)rejected.StatusCode);
        Assert.Equal(1, backend.RequestCount);
        var log = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains("/xff31", StringComparison.Ordinal)));
        Assert.Equal("463", log.ElbStatusCode);
        Assert.Equal("-", log.TargetStatusCode);
    }

    /// <summary>HDR-20: without Host preservation the host is lower-cased and its port is the listener port (omitted on 80/443).</summary>
    [Theory]
    [InlineData(8080, "Example.COM", "example.com:8080")]
    [InlineData(8080, "Example.COM:9000", "example.com:9000")]
    [InlineData(8080, "127.0.0.1", "127.0.0.1:8080")]
    [InlineData(80, "Example.com:80", "example.com")]
    [InlineData(80, "example.com:8443", "example.com")]
    [InlineData(80, "WWW.EXAMPLE.COM", "www.example.com")]
    public async Task Host_PreservationOff_RewrittenForListenerPort(int listenerPort, string sent, string expected)
    {
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, listenerPort));
        using var client = env.CreateClient(listenerPort);

        var (echo, _) = await Exchange.GetAsync(env, client, "/", r => r.Headers.Host = sent);

        Assert.Equal([expected], echo.All("Host"));
    }

    /// <summary>HDR-20: with <c>routing.http.preserve_host_header.enabled</c> the Host is forwarded as sent.</summary>
    [Fact]
    public async Task Host_PreservationOn_ForwardedByteForByte()
    {
        await using var backend = await TestBackend.StartAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend, 80, ("routing.http.preserve_host_header.enabled", "true")));
        using var client = env.CreateClient(80);

        var (withPort, _) = await Exchange.GetAsync(env, client, "/", r => r.Headers.Host = "Example.COM:9000");
        var (withoutPort, _) = await Exchange.GetAsync(env, client, "/", r => r.Headers.Host = "MiXeD.example.com");

        Assert.Equal(["Example.COM:9000"], withPort.All("Host"));
        Assert.Equal(["MiXeD.example.com"], withoutPort.All("Host"));
    }

    [Fact]
    public async Task Host_AbsoluteFormTarget_HostTakenFromUri()
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend));

        var echo = await Exchange.SendRawAsync(env, 8080, "GET http://Abs.Example.com/x?y=1 HTTP/1.1\r\nHost: other.test\r\n\r\n");

        Assert.Equal(["abs.example.com:8080"], echo.All("Host"));
        Assert.Equal("/x?y=1", echo.RawTarget);
    }

    /// <summary>HDR-21: an HTTP/1.0 request without Host gets the load balancer DNS name.</summary>
    [Fact]
    public async Task Host_Http10WithoutHost_LoadBalancerDnsName()
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend));

        var echo = await Exchange.SendRawAsync(env, 8080, "GET /no-host HTTP/1.0\r\n\r\n");

        Assert.Matches("^local-alb-[0-9]{10}\\.us-east-1\\.elb\\.amazonaws\\.com:8080$", Assert.Single(echo.All("Host")));
        Assert.Equal("HTTP/1.1", echo.Protocol);
    }

    /// <summary>HDR-55: hop-by-hop headers are not forwarded; HDR-54: nor is Expect.</summary>
    [Fact]
    public async Task HopByHopHeaders_Received_NotForwarded()
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend));

        var echo = await Exchange.SendRawAsync(env, 8080,
            "POST /hop HTTP/1.1\r\nHost: hop.test\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5, max=100\r\nUpgrade: foo/1.0\r\n" +
            "TE: gzip\r\nProxy-Connection: keep-alive\r\nExpect: 100-continue\r\nX-Kept: yes\r\nContent-Length: 5\r\n\r\nhello");

        foreach (var name in new[] { "Connection", "Keep-Alive", "Upgrade", "TE", "Proxy-Connection", "Expect" })
        {
            Assert.True(echo.All(name).Length == 0, $"{name} was forwarded: {string.Join(" | ", echo.All(name))}");
        }

        Assert.Equal(["yes"], echo.All("X-Kept"));
        Assert.Equal(5, echo.BodyLength);
        Assert.Equal("POST", echo.Method);
    }

    [Fact]
    public async Task Upgrade_H2cOnHttp11Request_IgnoredAndServedAsHttp11()
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend));

        var echo = await Exchange.SendRawAsync(env, 8080,
            "GET /h2c HTTP/1.1\r\nHost: up.test\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");

        Assert.Equal("HTTP/1.1", echo.Protocol);
        Assert.Empty(echo.All("Upgrade"));
        Assert.Empty(echo.All("Connection"));
    }

    [Fact]
    public async Task Protocol_Http10Client_TargetSeesHttp11()
    {
        await using var backend = await Exchange.StartLengthDelimitedBackendAsync("t");
        await using var env = await AlbTestEnvironment.StartAsync(Config(backend));
        using var client = env.CreateClient(8080, HttpVersion.Version11);

        var (http11, _) = await Exchange.GetAsync(env, client, "/v11");
        var http10 = await Exchange.SendRawAsync(env, 8080, "GET /v10 HTTP/1.0\r\nHost: old.test\r\n\r\n");

        Assert.Equal("HTTP/1.1", http11.Protocol);
        Assert.Equal("HTTP/1.1", http10.Protocol);
        Assert.Equal("/v10", http10.RawTarget);
    }

    private static string RawLine(AlbTestEnvironment env, EchoedRequest echo) =>
        env.AccessLogLines.Single(l => l.Contains($" \"{echo.Header("X-Amzn-Trace-Id")}\" ", StringComparison.Ordinal));
}
