using System.Diagnostics;
using System.Net;
using System.Security.Authentication;
using AlbEmulator.AccessLogs;
using AlbEmulator.Configuration;
using AlbEmulator.Errors;
using AlbEmulator.Forwarding;
using AlbEmulator.Listeners;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.Tests.Common;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Tests.AccessLogs;

/// <summary>
/// Golden access-log lines, one per line type, whose expectations are the example entries of the AWS
/// documentation ("Access log entries" → "Example log entries", load-balancer-access-logs.html) and the
/// real-log-shaped lines quoted in alb-observability-api.md §1.8. The documented examples predate fields
/// 30–36: each expectation is the documented line followed by the fields real 2026 lines append
/// (<c>conn_trace_id</c>, three transform fields, the node IP, two <c>"-"</c>). Types without a
/// documented example (grpcs, redirect, fixed-response, 460, 463, 464, 502, 503, 504) take the documented
/// example of their protocol and change only what the field rules of the same page say changes.
/// </summary>
public sealed class AccessLogDocExampleTests
{
    private const string DocLb = "app/my-loadbalancer/50dc6c495c0c9188";
    private const string DocTg = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067";
    private const string DocCert = "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012";
    private const string DocTid = "TID_3180a73013c8ca4bac2f731159d4b0fe";
    private const string DocDns = "my-loadbalancer-1234567890.us-east-2.elb.amazonaws.com";

    /// <summary>What real 2026 lines append after field 29: conn_trace_id, fields 31-33, node IP, two "-".</summary>
    private const string Tail = $" {DocTid} \"-\" \"-\" \"-\" 10.0.0.250 \"-\" \"-\"";

    private static readonly DateTime Received = new(2018, 7, 2, 22, 22, 48, 364, DateTimeKind.Utc);
    private static readonly DateTime Responded = new DateTime(2018, 7, 2, 22, 23, 0, DateTimeKind.Utc).AddTicks(1866410);

    private sealed record Request
    {
        public int ListenerPort { get; init; } = 80;
        public string Client { get; init; } = "192.168.131.39";
        public int ClientPort { get; init; } = 2817;
        public string Method { get; init; } = "GET";
        public string Protocol { get; init; } = "HTTP/1.1";
        public string Target { get; init; } = "/";
        public string? Host { get; init; } = "www.example.com";
        public string? UserAgent { get; init; } = "curl/7.46.0";
        public string? ContentType { get; init; }
        public bool Tls12 { get; init; }
        public string? Sni { get; init; }
        public string? TraceId { get; init; }
        public int? Priority { get; init; }
        public string? Actions { get; init; }
        public string? TargetAddress { get; init; }
        public bool Lambda { get; init; }
        public int TargetStatus { get; init; }
        public int Status { get; init; } = 200;
        public AlbError Error { get; init; }
        public string? RedirectUrl { get; init; }
        public string? ErrorReason { get; init; }
        public (int Sent, int Headers, int Started)? TimesMs { get; init; }
        public long ReceivedBytes { get; init; }
        public long SentBytes { get; init; }
        public bool Unparsed { get; init; }
    }

    private static string Format(Request r)
    {
        var read = AlbConfigReader.ReadJson("""
            { "LoadBalancer": { "Name": "my-loadbalancer" },
              "Listeners": [
                { "Port": 80, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "my-targets" } ] },
                { "Port": 443, "Protocol": "HTTPS", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "my-targets" } ] },
                { "Port": 773, "Protocol": "HTTPS", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "my-targets" } ] } ],
              "TargetGroups": [ { "Name": "my-targets", "Protocol": "HTTP", "Port": 80, "Targets": [
                { "Id": "10.0.0.1", "Port": 80 }, { "Id": "10.0.0.66", "Port": 9000 }, { "Id": "10.0.1.192", "Port": 8010 }, { "Id": "10.0.0.171", "Port": 8010 } ] } ] }
            """, "/tmp");
        var model = LoadBalancerModelBuilder.Build(read.Config!, TargetGroupConnections.Create).LoadBalancers[0];
        var listener = model.Listeners.Single(l => l.Port == r.ListenerPort);
        var connection = new AlbConnection(listener, Received) { SniDomain = r.Sni, CertificateArn = r.Tls12 ? DocCert : null };
        var state = new AlbRequestState(connection, model, Received, 1_000_000);
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(r.Client);
        context.Connection.RemotePort = r.ClientPort;
        context.Connection.LocalIpAddress = IPAddress.Parse("10.0.0.250");
        context.Request.Method = r.Method;
        context.Request.Protocol = r.Protocol;
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = r.Target;
        if (r.Host is not null)
        {
            context.Request.Headers.Host = r.Host;
        }

        if (r.UserAgent is not null)
        {
            context.Request.Headers.UserAgent = r.UserAgent;
        }

        if (r.ContentType is not null)
        {
            context.Request.ContentType = r.ContentType;
        }

        if (r.Tls12)
        {
            context.Features.Set<ITlsHandshakeFeature>(new Tls12Handshake());
        }

        state.TraceId = r.TraceId;
        state.MatchedRulePriority = r.Priority;
        state.ActionsExecuted = r.Actions;
        state.RedirectUrl = r.RedirectUrl;
        state.ErrorReason = r.ErrorReason;
        state.Error = r.Error;
        state.RequestLineUnparsed = r.Unparsed;
        if (r.Actions?.Contains("forward", StringComparison.Ordinal) == true || r.TargetAddress is not null)
        {
            state.TargetGroup = model.TargetGroups["my-targets"];
        }

        if (r.TargetAddress is not null)
        {
            state.Target = state.TargetGroup!.Targets.Single(t => t.LogAddress == r.TargetAddress);
        }

        if (r.TimesMs is { } ms)
        {
            var f = Stopwatch.Frequency;
            state.RequestSentTimestamp = state.ReceivedTimestamp + (f * ms.Sent / 1000);
            state.ResponseHeadersTimestamp = state.RequestSentTimestamp + (f * ms.Headers / 1000);
            state.ResponseStartedTimestamp = state.ResponseHeadersTimestamp + (f * ms.Started / 1000);
        }

        state.TargetStatusCode = r.TargetStatus;
        state.ReceivedBytes = r.ReceivedBytes;
        state.SentBytes = r.SentBytes;
        context.Response.StatusCode = r.Status;

        var line = AccessLogFormatter.Format(context, state, Responded);
        AccessLogLine.Parse(line);
        return line
            .Replace(model.Identifiers.LoadBalancerFullName, DocLb, StringComparison.Ordinal)
            .Replace(model.TargetGroups["my-targets"].Arn, DocTg, StringComparison.Ordinal)
            .Replace(model.Identifiers.DnsName, DocDns, StringComparison.Ordinal)
            .Replace(connection.ConnTraceId, DocTid, StringComparison.Ordinal);
    }

    private static readonly Request HttpForward = new()
    {
        TraceId = "Root=1-58337262-36d228ad5d99923122bbe354", Priority = 0, Actions = "forward", TargetAddress = "10.0.0.1:80",
        TargetStatus = 200, TimesMs = (0, 1, 0), ReceivedBytes = 34, SentBytes = 366,
    };

    [Fact]
    public void Http_DocExample()
    {
        Assert.Equal(
            "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"" + Tail,
            Format(HttpForward));
    }

    [Fact]
    public void Https_DocExample()
    {
        var line = Format(new Request
        {
            ListenerPort = 443, Tls12 = true, Sni = "www.example.com", TraceId = "Root=1-58337281-1d84f3d73c47ec4e58577259", Priority = 1,
            Actions = "authenticate,forward", TargetAddress = "10.0.0.1:80", TargetStatus = 200, TimesMs = (86, 48, 37), ReceivedBytes = 0, SentBytes = 57,
        });
        Assert.Equal(
            "https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 \"GET https://www.example.com:443/ HTTP/1.1\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337281-1d84f3d73c47ec4e58577259\" \"www.example.com\" \"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 1 2018-07-02T22:22:48.364000Z \"authenticate,forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"" + Tail,
            line);
    }

    private static readonly Request H2 = new()
    {
        ListenerPort = 773, Client = "10.0.1.252", ClientPort = 48160, Protocol = "HTTP/2", Host = "10.0.2.105:773", Tls12 = true,
        TraceId = "Root=1-58337327-72bd00b0343d75b906739c42", Priority = 1, Actions = "forward", TargetAddress = "10.0.0.66:9000",
        TargetStatus = 200, TimesMs = (0, 2, 0), ReceivedBytes = 5, SentBytes = 257,
    };

    /// <summary>
    /// The documented HTTP/2 example, with the forward it describes (its "redirect" action and URL beside a
    /// target are a known oddity of the page). Its chosen_cert_arn is "-" (the example was captured with a
    /// resumed or default-certificate session); the certificate is masked the same way here and in grpcs/wss.
    /// </summary>
    [Fact]
    public void H2_DocExample()
    {
        Assert.Equal(
            "h2 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 10.0.1.252:48160 10.0.0.66:9000 0.000 0.002 0.000 200 200 5 257 \"GET https://10.0.2.105:773/ HTTP/2.0\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337327-72bd00b0343d75b906739c42\" \"-\" \"-\" 1 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.66:9000\" \"200\" \"-\" \"-\"" + Tail,
            Format(H2).Replace(DocCert, "-", StringComparison.Ordinal));
    }

    [Fact]
    public void Grpcs_H2DocExample_WithGrpcContentType()
    {
        var line = Format(new Request
        {
            ListenerPort = 773, Client = "10.0.1.252", ClientPort = 48160, Method = "POST", Protocol = "HTTP/2", Target = "/helloworld.Greeter/SayHello", Host = "10.0.2.105:773",
            ContentType = "application/grpc", Tls12 = true, TraceId = "Root=1-58337327-72bd00b0343d75b906739c42", Priority = 1, Actions = "forward",
            TargetAddress = "10.0.0.66:9000", TargetStatus = 200, TimesMs = (0, 2, 0), ReceivedBytes = 5, SentBytes = 257,
        }).Replace(DocCert, "-", StringComparison.Ordinal);
        Assert.Equal(
            "grpcs 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 10.0.1.252:48160 10.0.0.66:9000 0.000 0.002 0.000 200 200 5 257 \"POST https://10.0.2.105:773/helloworld.Greeter/SayHello HTTP/2.0\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337327-72bd00b0343d75b906739c42\" \"-\" \"-\" 1 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.66:9000\" \"200\" \"-\" \"-\"" + Tail,
            line);
    }

    [Fact]
    public void Ws_DocExample()
    {
        var line = Format(new Request
        {
            Client = "10.0.0.140", ClientPort = 40914, Host = "10.0.0.30", UserAgent = null, TraceId = "Root=1-58337364-23a8c76965a2ef7629b185e3", Priority = 1,
            Actions = "forward", TargetAddress = "10.0.1.192:8010", TargetStatus = 101, Status = 101, TimesMs = (1, 3, 0), ReceivedBytes = 218, SentBytes = 587,
        });
        Assert.Equal(
            "ws 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 10.0.0.140:40914 10.0.1.192:8010 0.001 0.003 0.000 101 101 218 587 \"GET http://10.0.0.30:80/ HTTP/1.1\" \"-\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337364-23a8c76965a2ef7629b185e3\" \"-\" \"-\" 1 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.1.192:8010\" \"101\" \"-\" \"-\"" + Tail,
            line);
    }

    /// <summary>The documented wss example (its target group ARN names us-west-2; the rest of the page uses us-east-2).</summary>
    [Fact]
    public void Wss_DocExample()
    {
        var line = Format(new Request
        {
            ListenerPort = 443, Client = "10.0.0.140", ClientPort = 44244, Host = "10.0.0.30", UserAgent = null, Tls12 = true,
            TraceId = "Root=1-58337364-23a8c76965a2ef7629b185e3", Priority = 1, Actions = "forward", TargetAddress = "10.0.0.171:8010",
            TargetStatus = 101, Status = 101, TimesMs = (0, 1, 0), ReceivedBytes = 218, SentBytes = 786,
        }).Replace(DocCert, "-", StringComparison.Ordinal);
        Assert.Equal(
            "wss 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 10.0.0.140:44244 10.0.0.171:8010 0.000 0.001 0.000 101 101 218 786 \"GET https://10.0.0.30:443/ HTTP/1.1\" \"-\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337364-23a8c76965a2ef7629b185e3\" \"-\" \"-\" 1 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.171:8010\" \"101\" \"-\" \"-\"" + Tail,
            line);
    }

    [Fact]
    public void Lambda_Success_DocExample()
    {
        var line = Format(new Request
        {
            TraceId = "Root=1-58337364-23a8c76965a2ef7629b185e3", Priority = 0, Actions = "forward", Lambda = true, TargetStatus = 200,
            TimesMs = (0, 1, 0), ReceivedBytes = 34, SentBytes = 366,
        });
        Assert.Equal(
            "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337364-23a8c76965a2ef7629b185e3\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\"" + Tail,
            line);
    }

    [Fact]
    public void Lambda_Failure_DocExample()
    {
        var line = Format(new Request
        {
            TraceId = "Root=1-58337364-23a8c76965a2ef7629b185e3", Priority = 0, Actions = "forward", Lambda = true, Status = 502,
            Error = AlbError.LambdaInvalidResponse, TimesMs = (0, 1, 0), ReceivedBytes = 34, SentBytes = 366,
        });
        Assert.Equal(
            "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - 0.000 0.001 0.000 502 - 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337364-23a8c76965a2ef7629b185e3\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"LambdaInvalidResponse\" \"-\" \"-\" \"-\" \"-\"" + Tail,
            line);
    }

    /// <summary>A real 400 line (§1.8, "Malformed request rejected with 400"): the request line could not be parsed.</summary>
    [Fact]
    public void BadRequest400_Malformed_RealLine()
    {
        var line = Format(new Request
        {
            Client = "113.241.19.90", ClientPort = 15070, UserAgent = null, Status = 400, Error = AlbError.BadRequest, Unparsed = true, ReceivedBytes = 0, SentBytes = 272,
        });
        Assert.Equal(
            $"http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 113.241.19.90:15070 - -1 -1 -1 400 - 0 272 \"- http://{DocDns}:80- -\" \"-\" - - - \"-\" \"-\" \"-\" - 2018-07-02T22:22:48.364000Z \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\"" + Tail,
            line);
    }

    /// <summary>ALB's answer when the client went away first (460): the forward's request_processing_time stays, the target never answered.</summary>
    [Fact]
    public void ClientClosed460_HttpDocExample()
    {
        var line = Format(HttpForward with { Status = 200, TargetStatus = 0, Error = AlbError.ClientClosedRequest, TimesMs = null, SentBytes = 0 });
        Assert.Equal(
            "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 -1 -1 -1 460 - 34 0 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"-\" \"-\" \"-\"" + Tail,
            line);
    }

    public static TheoryData<string, AlbError, int> RejectedBeforeRouting() => new()
    {
        // 463: too many X-Forwarded-For addresses; rejected before rule evaluation: no rule, no action, no target.
        { "463", AlbError.TooManyForwardedForAddresses, 463 },
        // 400 with a complete request line (real line "Complete request line but still rejected with 400").
        { "400", AlbError.BadRequest, 400 },
    };

    [Theory]
    [MemberData(nameof(RejectedBeforeRouting))]
    public void RejectedBeforeRouting_HttpDocExample(string name, AlbError error, int status)
    {
        var line = Format(new Request { Status = status, Error = error, ReceivedBytes = 34, SentBytes = 272 });
        Assert.Equal(
            $"http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - -1 -1 -1 {name} - 34 272 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - - \"-\" \"-\" \"-\" - 2018-07-02T22:22:48.364000Z \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\"" + Tail,
            line);
    }

    public static TheoryData<string, AlbError, bool> ForwardErrors() => new()
    {
        // 464: the client's protocol is incompatible with the target group's version: no target chosen.
        { "464", AlbError.IncompatibleProtocol, false },
        // 502: the target closed or refused the connection: the target is known, it never answered.
        { "502", AlbError.TargetConnectionError, true },
        // 503: no registered targets.
        { "503", AlbError.NoRegisteredTargets, false },
        // 504: the target did not answer within the idle timeout.
        { "504", AlbError.TargetResponseTimeout, true },
    };

    [Theory]
    [MemberData(nameof(ForwardErrors))]
    public void ForwardError_HttpDocExample(string status, AlbError error, bool targetChosen)
    {
        var line = Format(HttpForward with
        {
            Status = int.Parse(status), Error = error, TargetStatus = 0, TargetAddress = targetChosen ? "10.0.0.1:80" : null,
            TimesMs = null, SentBytes = AlbErrorCatalog.Get(error).Body.Length + 110,
        });
        var target = targetChosen ? "10.0.0.1:80" : "-";
        Assert.Equal(
            $"http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 {target} -1 -1 -1 {status} - 34 {AlbErrorCatalog.Get(error).Body.Length + 110} \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"{target}\" \"-\" \"-\" \"-\"" + Tail,
            line);
    }

    /// <summary>Redirect: answered by the load balancer (no target group, no target, -1 times); redirect_url with the port, as ALB writes it.</summary>
    [Fact]
    public void Redirect_HttpDocExample()
    {
        var line = Format(new Request
        {
            TraceId = "Root=1-58337262-36d228ad5d99923122bbe354", Priority = 1, Actions = "redirect", RedirectUrl = "https://www.example.com:443/",
            Status = 301, ReceivedBytes = 34, SentBytes = 366,
        });
        Assert.Equal(
            "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - -1 -1 -1 301 - 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - - \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 1 2018-07-02T22:22:48.364000Z \"redirect\" \"https://www.example.com:443/\" \"-\" \"-\" \"-\" \"-\" \"-\"" + Tail,
            line);
    }

    [Fact]
    public void FixedResponse_HttpDocExample()
    {
        var line = Format(new Request
        {
            TraceId = "Root=1-58337262-36d228ad5d99923122bbe354", Priority = 1, Actions = "fixed-response", Status = 404, ReceivedBytes = 34, SentBytes = 366,
        });
        Assert.Equal(
            "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - -1 -1 -1 404 - 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - - \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 1 2018-07-02T22:22:48.364000Z \"fixed-response\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\"" + Tail,
            line);
    }

    /// <summary>HTTP/1.0 requests are logged with their own version; TLS 1.3 with the IANA cipher name.</summary>
    [Fact]
    public void Http10_And_Tls13_AsRealLinesShowThem()
    {
        var line = Format(HttpForward with { Protocol = "HTTP/1.0" });
        Assert.Contains("\"GET http://www.example.com:80/ HTTP/1.0\"", line, StringComparison.Ordinal);
        Assert.Equal("TLS_AES_128_GCM_SHA256", TlsNames.CipherSuite(System.Net.Security.TlsCipherSuite.TLS_AES_128_GCM_SHA256));
        Assert.Equal("TLSv1.3", TlsNames.Protocol(SslProtocols.Tls13));
    }

    private sealed class Tls12Handshake : ITlsHandshakeFeature
    {
        public SslProtocols Protocol => SslProtocols.Tls12;

        public System.Net.Security.TlsCipherSuite? NegotiatedCipherSuite => System.Net.Security.TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;

        public string HostName => "www.example.com";

#pragma warning disable SYSLIB0058
        public CipherAlgorithmType CipherAlgorithm => CipherAlgorithmType.Aes128;

        public int CipherStrength => 128;

        public HashAlgorithmType HashAlgorithm => HashAlgorithmType.Sha256;

        public int HashStrength => 256;

        public ExchangeAlgorithmType KeyExchangeAlgorithm => ExchangeAlgorithmType.None;

        public int KeyExchangeStrength => 0;
#pragma warning restore SYSLIB0058
    }
}
