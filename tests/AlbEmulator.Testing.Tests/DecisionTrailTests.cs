namespace AlbEmulator.Testing.Tests;

/// <summary>AlbEmulatorFixture reads the decision trail of a request by its trace id (docs/console.md, docs/testing-fixture.md).</summary>
public sealed class DecisionTrailTests
{
    [Fact]
    public async Task The_trail_of_a_request_is_found_by_the_trace_id_the_test_sent_and_by_its_access_log_entry()
    {
        await using var api = await Backend.StartAsync("api");
        await using var alb = await AlbEmulatorFixture.FromJson("""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP",
                "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "404" } } ],
                "Rules": [ { "Priority": 5, "Conditions": [ { "Field": "path-pattern", "Values": [ "/api/*" ] } ], "Actions": [ { "Type": "forward", "TargetGroupName": "api" } ] } ] } ],
              "TargetGroups": [ { "Name": "api", "Protocol": "HTTP", "Port": 80, "Targets": [] } ]
            }
            """).WithTargetUrls("api", api.Url).StartAsync();
        using var client = alb.CreateClient(8080);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/other");
        request.Headers.Add("X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678");

        Assert.Equal(404, (int)(await client.SendAsync(request)).StatusCode);
        var trail = await alb.WaitForDecisionTrailAsync("1-67891233-abcdef012345678912345678");

        Assert.Equal(404, trail.Request.ElbStatusCode);
        Assert.Equal("default", trail.Request.MatchedRule);
        Assert.Contains(trail.Trail, s => s.Stage == "rule" && s.Result == "skip" && s.Text == "Priority 5 did not match: path is '/api/*', but the request's path is '/other'.");
        Assert.Contains(trail.Trail, s => s.Stage == "action" && s.Text.StartsWith("fixed-response 404", StringComparison.Ordinal));

        Assert.Equal("api /api/x", await client.GetStringAsync("/api/x"));
        var entry = await alb.WaitForAccessLogAsync(e => e.RequestUrl.EndsWith("/api/x", StringComparison.Ordinal));
        var forwarded = alb.FindDecisionTrail(entry);
        Assert.NotNull(forwarded);
        Assert.Equal("api", forwarded.Request.TargetGroup);
        Assert.Contains(forwarded.Trail, s => s.Stage == "target" && s.Text.StartsWith($"127.0.0.1:{api.Url.Port} by round robin", StringComparison.Ordinal));
        Assert.Equal(2, alb.DecisionTrails.Count);
        Assert.Null(alb.FindDecisionTrail("Root=1-00000000-000000000000000000000000"));
    }
}
