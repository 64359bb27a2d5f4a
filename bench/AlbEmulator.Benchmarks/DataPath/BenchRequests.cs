using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using AlbEmulator.Configuration;
using AlbEmulator.Forwarding;
using AlbEmulator.Listeners;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Benchmarks.DataPath;

/// <summary>The load balancer and the typical forwarded request the data-path benchmarks use.</summary>
internal static class BenchRequests
{
    public static readonly DateTime Received = new(2026, 11, 21, 12, 0, 0, 123, DateTimeKind.Utc);

    /// <summary>A listener on 8080 with <paramref name="rules"/> rules (a mix of every condition type) before the default forward.</summary>
    public static LoadBalancerModel Build(int rules)
    {
        var json = new StringBuilder();
        json.Append("""
            { "LoadBalancer": { "Name": "bench-alb" },
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP",
                "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ],
                "Rules": [
            """);
        for (var i = 1; i <= rules; i++)
        {
            var condition = (i % 6) switch
            {
                0 => $$"""{ "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/v{{i}}/*", "/static/{{i}}/*.css" ] } }""",
                1 => $$"""{ "Field": "host-header", "HostHeaderConfig": { "Values": [ "svc{{i}}.example.com", "*.internal{{i}}.example.com" ] } }""",
                2 => $$"""{ "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "X-Tenant", "Values": [ "tenant-{{i}}" ] } }""",
                3 => $$"""{ "Field": "query-string", "QueryStringConfig": { "Values": [ { "Key": "version", "Value": "v{{i}}*" } ] } }""",
                4 => $$"""{ "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/api/orders/{{i}}/*" ] } }, { "Field": "http-request-method", "HttpRequestMethodConfig": { "Values": [ "POST", "PUT" ] } }""",
                _ => $$"""{ "Field": "source-ip", "SourceIpConfig": { "Values": [ "192.0.{{i % 250}}.0/24" ] } }, { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/admin/*" ] } }""",
            };
            json.Append(CultureInfo.InvariantCulture, $$"""
                { "Priority": {{i}}, "Conditions": [ {{condition}} ],
                  "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "r{{i}}" } } ] }{{(i < rules ? "," : "")}}
                """);
        }

        json.Append("""
                ] } ],
              "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80,
                "Targets": [ { "Id": "10.0.0.1" }, { "Id": "10.0.0.2" }, { "Id": "10.0.0.3" } ] } ] }
            """);
        var read = AlbConfigReader.ReadJson(json.ToString(), "/tmp");
        if (read.Config is null)
        {
            throw new InvalidOperationException(string.Join("; ", read.Errors));
        }

        return LoadBalancerModelBuilder.Build(read.Config, TargetGroupConnections.Create).LoadBalancers[0];
    }

    /// <summary>A browser-like <c>GET /api/orders/123?page=2&amp;sort=desc</c> on a keep-alive connection, with its state.</summary>
    public static (DefaultHttpContext Context, AlbRequestState State) Create(LoadBalancerModel model)
    {
        var connection = new AlbConnection(model.Listeners[0], Received);
        var state = new AlbRequestState(connection, model, Received, Stopwatch.GetTimestamp());
        var context = new DefaultHttpContext();
        context.Features.Set<IAlbRequestFeature>(state);
        context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        context.Connection.RemotePort = 51234;
        context.Connection.LocalPort = 8080;
        context.Request.Method = "GET";
        context.Request.Protocol = "HTTP/1.1";
        context.Request.Scheme = "http";
        context.Request.Path = "/api/orders/123";
        context.Request.QueryString = new QueryString("?page=2&sort=desc");
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/api/orders/123?page=2&sort=desc";
        var headers = context.Request.Headers;
        headers.Host = "shop.example.com:8080";
        headers.UserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        headers.Accept = "application/json";
        headers.AcceptLanguage = "en-US,en;q=0.5";
        headers.AcceptEncoding = "gzip, deflate, br, zstd";
        headers.Referer = "https://shop.example.com/";
        headers.Cookie = "session=3f1c2a9e8b7d; theme=dark";
        headers.Connection = "keep-alive";
        state.TraceId = "Root=1-6920d4c0-3f1c2a9e8b7d6c5b4a392817";
        return (context, state);
    }

    /// <summary>The same request after a forward to 10.0.0.2:80 that answered 200 after 1 ms.</summary>
    public static (DefaultHttpContext Context, AlbRequestState State) CreateForwarded(LoadBalancerModel model)
    {
        var (context, state) = Create(model);
        state.MatchedRulePriority = 0;
        state.ActionsExecuted = "forward";
        state.TargetGroup = model.TargetGroups["web"];
        state.Target = state.TargetGroup.Targets[1];
        state.RequestSentTimestamp = state.ReceivedTimestamp + (Stopwatch.Frequency / 10_000);
        state.ResponseHeadersTimestamp = state.RequestSentTimestamp + (Stopwatch.Frequency / 1000);
        state.ResponseStartedTimestamp = state.ResponseHeadersTimestamp + (Stopwatch.Frequency / 100_000);
        state.TargetStatusCode = 200;
        state.ReceivedBytes = 412;
        state.SentBytes = 168;
        context.Response.StatusCode = 200;
        return (context, state);
    }
}
