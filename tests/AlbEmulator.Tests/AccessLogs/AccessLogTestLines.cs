using System.Diagnostics;
using System.Net;
using AlbEmulator.AccessLogs;
using AlbEmulator.Configuration;
using AlbEmulator.Forwarding;
using AlbEmulator.Listeners;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Tests.AccessLogs;

/// <summary>Request states and lines for access-log and metrics unit tests (load balancer <c>my-loadbalancer</c>, group <c>my-targets</c>).</summary>
internal static class AccessLogTestLines
{
    public static readonly DateTime Received = new(2018, 7, 2, 22, 22, 48, 364, DateTimeKind.Utc);
    public static readonly DateTime Responded = new DateTime(2018, 7, 2, 22, 23, 0, DateTimeKind.Utc).AddTicks(1866410);

    public static (DefaultHttpContext Context, AlbRequestState State) Create()
    {
        var read = AlbConfigReader.ReadJson("""
            { "LoadBalancer": { "Name": "my-loadbalancer" },
              "Listeners": [ { "Port": 80, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "my-targets" } ] } ],
              "TargetGroups": [ { "Name": "my-targets", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "10.0.0.1" } ] } ] }
            """, "/tmp");
        var model = LoadBalancerModelBuilder.Build(read.Config!, TargetGroupConnections.Create).LoadBalancers[0];
        var connection = new AlbConnection(model.Listeners[0], Received);
        var state = new AlbRequestState(connection, model, Received, 1_000_000);
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.168.131.39");
        context.Connection.RemotePort = 2817;
        context.Request.Method = "GET";
        context.Request.Protocol = "HTTP/1.1";
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/";
        context.Request.Headers.Host = "www.example.com";
        context.Request.Headers.UserAgent = "curl/7.46.0";
        return (context, state);
    }

    /// <summary>A request forwarded to 10.0.0.1:80 that answered 200 after 1 ms.</summary>
    public static (DefaultHttpContext Context, AlbRequestState State) CreateForwarded(int targetStatus = 200)
    {
        var (context, state) = Create();
        state.TraceId = "Root=1-58337262-36d228ad5d99923122bbe354";
        state.MatchedRulePriority = 0;
        state.ActionsExecuted = "forward";
        state.TargetGroup = state.LoadBalancer.TargetGroups["my-targets"];
        state.Target = state.TargetGroup.Targets[0];
        state.RequestSentTimestamp = state.ReceivedTimestamp;
        state.ResponseHeadersTimestamp = state.RequestSentTimestamp + Stopwatch.Frequency / 1000;
        state.ResponseStartedTimestamp = state.ResponseHeadersTimestamp;
        state.TargetStatusCode = targetStatus;
        context.Response.StatusCode = targetStatus;
        return (context, state);
    }

    public static string Forwarded()
    {
        var (context, state) = CreateForwarded();
        return AccessLogFormatter.Format(context, state, Responded);
    }

    /// <summary>Splits a line into fields: a quoted field runs to its closing quote.</summary>
    public static List<string> Tokenize(string line)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < line.Length)
        {
            int end;
            if (line[i] == '"')
            {
                end = line.IndexOf('"', i + 1) + 1;
            }
            else
            {
                end = line.IndexOf(' ', i);
                end = end < 0 ? line.Length : end;
            }

            tokens.Add(line[i..end]);
            i = end + 1;
        }

        return tokens;
    }
}
