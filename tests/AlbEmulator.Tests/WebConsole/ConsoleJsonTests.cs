using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AlbEmulator.WebConsole;

namespace AlbEmulator.Tests.WebConsole;

/// <summary>
/// The console's <c>/api</c> JSON (WebConsole/ConsoleEndpoint) comes from source-generated metadata, so that it works in the
/// Native AOT binary. These cases pin that the bytes are those the reflection-based serialiser wrote from the anonymous
/// types the endpoint used before: same names, order, nulls left out, indentation and escaping.
/// </summary>
public sealed class ConsoleJsonTests
{
    /// <summary>The options the endpoint used before, with reflection metadata (what every /api answer was written with).</summary>
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static string Before(object value) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Reflection));

    private static string Now(object value) => Encoding.UTF8.GetString(ConsoleEndpoint.ToJson(value));

    private static RequestSummary Summary(long sequence, string? traceId, string? target) => new(
        sequence, traceId, "2026-12-06T12:00:00.123456Z", 1.25, "app/alb/50dc6c495c0c9188", "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/alb/1/2",
        "HTTP:8080", "127.0.0.1:50000", "GET", "example.com", "/a \"quoted\" <b> é ✓", "q=1&x=<y>", "HTTP/1.1", 502, null, "web", target,
        "5", "forward", "TargetConnectionError", null, null, "curl/8.0", "alb");

    [Fact]
    public void ApiIndex_SameBytesAsTheAnonymousType()
    {
        var before = new { paths = ConsoleEndpoint.ApiPaths.Select(p => new { path = p.Path, description = p.What }) };

        Assert.Equal(Before(before), Now(new ConsoleApiIndex([.. ConsoleEndpoint.ApiPaths.Select(p => new ConsoleApiPath(p.Path, p.What))])));
    }

    [Fact]
    public void ReasonCodes_SameBytesAsTheAnonymousType()
    {
        Assert.Equal(Before(new { reasonCodes = ReasonCodes.All }), Now(new ReasonCodesView(ReasonCodes.All)));
    }

    [Fact]
    public void RequestList_NullsLeftOut_SameBytesAsTheAnonymousType()
    {
        List<RequestSummary> requests = [Summary(2, null, null), Summary(1, "Root=1-6b14dd22-000000000000000000000503", "10.0.0.1:80")];
        var before = new { capacity = 1000, lastSequence = 2L, requests };

        var now = Now(new RequestListView(1000, 2, requests));

        Assert.Equal(Before(before), now);
        Assert.Contains("\"path\": \"/a \\\"quoted\\\" <b> é ✓\"", now, StringComparison.Ordinal);
        Assert.DoesNotContain("targetStatusCode", now, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestTrail_SameBytesAsReflection()
    {
        var view = new RequestTrailView(Summary(7, "Root=1-00000000-000000000000000000000000", "10.0.0.1:80"),
            [new TrailStep("wire", "pass", "The head passed."), new TrailStep("response", "fail", "ALB-generated 502 <TargetConnectionError>: \"refused\".")]);

        Assert.Equal(Before(view), Now(view));
    }

    [Fact]
    public void ResourceMap_EveryField_SameBytesAsReflection()
    {
        var target = new TargetView("10.0.0.1", 80, "traffic-port", "unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [404]", "The target answered", ["path", "matcher"]);
        var bare = new TargetView("10.0.0.2", 81, "8081", "healthy", null, null, null, []);
        var group = new TargetGroupView("arn:tg/web", "web", "HTTP", null, "instance", null, "round_robin", "off", "HTTP /health", 30, true, 1, 1, 0, [target, bare]);
        var rule = new RuleView("arn:rule/1", "default", ["path is '/a*'"], ["forward to web"], [], ["arn:tg/web"]);
        var listener = new ListenerView("arn:listener/1", 443, "HTTPS", "ELBSecurityPolicy-2016-08", ["generated self-signed certificate"], "off", [rule]);
        var map = new ResourceMapView("2026-12-06T12:00:00Z", [new LoadBalancerView("alb", "arn:lb", "alb-1.us-east-1.elb.localhost", [listener], [group])],
            [group with { Name = "spare", InUse = false, Port = 8080, ProtocolVersion = "HTTP1", Targets = [] }]);

        Assert.Equal(Before(map), Now(map));
    }

    [Fact]
    public void Message_SameBytesAsTheAnonymousType()
    {
        const string text = "Unknown console path /api/<x>; GET /api lists them.";

        Assert.Equal(Before(new { message = text }), Now(new ConsoleMessage(text)));
    }

    [Fact]
    public void TypeOutsideTheContext_Throws_NeverFallsBackToReflection()
    {
        Assert.Throws<InvalidOperationException>(() => ConsoleEndpoint.ToJson(new { message = "anonymous" }));
    }
}
