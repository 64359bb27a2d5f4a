using AlbEmulator.Configuration;
using AlbEmulator.Forwarding;
using AlbEmulator.Model;
using AlbEmulator.TargetGroups;
using AlbEmulator.WebConsole;

namespace AlbEmulator.Tests.WebConsole;

/// <summary>The resource map (WebConsole/ResourceMap): listeners, rules in priority order with the default last, target groups and targets with health and advice.</summary>
public sealed class ResourceMapTests
{
    private static LoadBalancerModel Model(TargetRegistry targets)
    {
        var read = AlbConfigReader.ReadJson("""
            {
              "LoadBalancer": { "Name": "map-alb" },
              "Listeners": [
                { "Port": 443, "Protocol": "HTTPS", "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                  "DefaultActions": [ { "Type": "redirect", "RedirectConfig": { "Path": "/home", "StatusCode": "HTTP_301" } } ] },
                { "Port": 80, "Protocol": "HTTP",
                  "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ],
                  "Rules": [
                    { "Priority": 20, "Conditions": [ { "Field": "query-string", "QueryStringConfig": { "Values": [ { "Key": "v", "Value": "2" } ] } } ],
                      "Actions": [ { "Type": "forward", "ForwardConfig": { "TargetGroups": [ { "TargetGroupName": "api", "Weight": 3 }, { "TargetGroupName": "web", "Weight": 1 } ] } } ] },
                    { "Priority": 10, "Conditions": [ { "Field": "host-header", "Values": [ "api.example.com" ] }, { "Field": "http-request-method", "HttpRequestMethodConfig": { "Values": [ "GET", "HEAD" ] } } ],
                      "Actions": [ { "Type": "forward", "TargetGroupName": "api" } ],
                      "Transforms": [ { "Type": "url-rewrite", "UrlRewriteConfig": { "Rewrites": [ { "Regex": "^/v1/(.*)$", "Replace": "/$1" } ] } } ] } ] } ],
              "TargetGroups": [
                { "Name": "web", "Protocol": "HTTP", "Port": 8080, "Targets": [ { "Id": "10.0.0.1" }, { "Id": "10.0.0.2", "Port": 9090 } ],
                  "TargetGroupAttributes": [ { "Key": "stickiness.enabled", "Value": "true" }, { "Key": "stickiness.type", "Value": "lb_cookie" } ] },
                { "Name": "api", "Protocol": "HTTP", "ProtocolVersion": "HTTP2", "Port": 8443, "HealthCheckPath": "/health", "Matcher": { "HttpCode": "200-299" } },
                { "Name": "spare", "Protocol": "HTTP", "Port": 80 } ]
            }
            """, "/tmp");
        Assert.Empty(read.Errors);
        return LoadBalancerModelBuilder.Build(read.Config!, TargetGroupConnections.Create, targets).LoadBalancers[0];
    }

    [Fact]
    public void Overview_ListsEveryResource_InMapOrder()
    {
        var targets = new TargetRegistry();
        var model = Model(targets);
        var map = ResourceMap.Build([model], model.TargetGroups.Values, DateTimeOffset.UnixEpoch);

        var lb = Assert.Single(map.LoadBalancers);
        Assert.Equal("map-alb", lb.Name);
        Assert.Equal([80, 443], lb.Listeners.Select(l => l.Port));
        var http = lb.Listeners[0];
        Assert.Equal(["10", "20", "default"], http.Rules.Select(r => r.Priority));
        Assert.Equal(["host is 'api.example.com'", "method is one of 'GET', 'HEAD'"], http.Rules[0].Conditions);
        Assert.Equal(["url-rewrite ^/v1/(.*)$ -> /$1"], http.Rules[0].Transforms);
        Assert.Equal(["query string has 'v=2'"], http.Rules[1].Conditions);
        Assert.Equal(["forward to api (weight 3), web (weight 1)"], http.Rules[1].Actions);
        Assert.Equal(2, http.Rules[1].TargetGroups.Count);
        var https = lb.Listeners[1];
        Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", https.SslPolicy);
        Assert.Equal(["generated self-signed certificate"], https.Certificates);
        Assert.Equal(["redirect 301 to #{protocol}://#{host}:#{port}/home?#{query}"], https.Rules.Single().Actions);

        // Target groups in the order the rules reach them; the one no load balancer uses on its own.
        Assert.Equal(["api", "web"], lb.TargetGroups.Select(g => g.Name));
        var spare = Assert.Single(map.UnattachedTargetGroups);
        Assert.Equal("spare", spare.Name);
        Assert.False(spare.InUse);
        var api = lb.TargetGroups[0];
        Assert.Equal(("HTTP", "HTTP2", 8443), (api.Protocol, api.ProtocolVersion, api.Port));
        Assert.Equal("HTTP /health on port traffic-port, every 30 s, timeout 5 s, healthy after 5, unhealthy after 2, matcher HTTP 200-299", api.HealthCheck);
        var web = lb.TargetGroups[1];
        Assert.Equal("lb_cookie, 86400 s", web.Stickiness);
        Assert.Equal("round_robin", web.Algorithm);
        Assert.Equal(["10.0.0.1:8080", "10.0.0.2:9090"], web.Targets.Select(t => $"{t.Id}:{t.Port}"));
        Assert.All(web.Targets, t => Assert.Equal(("initial", "Elb.RegistrationInProgress"), (t.State, t.Reason)));
        Assert.NotEmpty(web.Targets[0].Checks);
        Assert.Equal((0, 0, 2), (web.Healthy, web.Unhealthy, web.Other));
        Assert.Equal(["map-alb", "HTTP:80", "HTTPS:443", "api", "web", "10.0.0.1:8080", "10.0.0.2:9090", "spare"], ResourceMap.ResourceNames(map));
    }

    [Fact]
    public void UnhealthyOnly_KeepsFailingTargetsAndThePathFromTheListener()
    {
        static TargetView Target(string id, string state) => new(id, 80, "80", state, state == "unhealthy" ? "Target.Timeout" : null, null, null, []);
        static TargetGroupView Group(string name, params TargetView[] targets) =>
            new($"arn:{name}", name, "HTTP", "HTTP1", "ip", 80, "round_robin", "off", "-", 30, true, 0, 0, 0, targets);
        var map = new ResourceMapView("t", [new LoadBalancerView("lb", "arn:lb", "dns", [
            new ListenerView("arn:l80", 80, "HTTP", null, [], "off", [
                new RuleView("arn:r1", "1", [], ["forward to a"], [], ["arn:a"]),
                new RuleView("arn:rd", "default", [], ["forward to b"], [], ["arn:b"])]),
            new ListenerView("arn:l81", 81, "HTTP", null, [], "off", [new RuleView("arn:r2", "default", [], ["forward to b"], [], ["arn:b"])])],
            [Group("a", Target("1", "healthy"), Target("2", "unhealthy"), Target("3", "initial")), Group("b", Target("4", "healthy"))])],
            [Group("c", Target("5", "unused"))]);

        var view = ResourceMap.UnhealthyOnly(map);
        var unhealthy = view.LoadBalancers.Single();
        Assert.Empty(view.UnattachedTargetGroups);

        var group = Assert.Single(unhealthy.TargetGroups);
        Assert.Equal("a", group.Name);
        Assert.Equal(["2"], group.Targets.Select(t => t.Id));
        var listener = Assert.Single(unhealthy.Listeners);
        Assert.Equal(["1"], listener.Rules.Select(r => r.Priority));
    }
}
