using System.Net;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// docs/getting-started.md §3 as a reader runs it: the page's alb.json (its target port 5000 pointed at a test
/// backend, since a test cannot own port 5000), then the two curl requests the page shows and what it says they answer.
/// </summary>
public sealed class GettingStartedTests
{
    [Fact]
    public async Task FirstConfig_ForwardsToTheTarget_AndRedirectsOld()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "getting-started.md"));
        var section = page.IndexOf("## 3. Your first config", StringComparison.Ordinal);
        var start = page.IndexOf("```json", section, StringComparison.Ordinal) + "```json".Length;
        var json = page[start..page.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.Contains("\"Port\": 5000", json, StringComparison.Ordinal);
        Assert.Contains("python3 -m http.server 5000 --bind 127.0.0.1", page, StringComparison.Ordinal);

        await using var backend = await TestBackend.StartAsync("web");
        await using var env = await AlbTestEnvironment.StartAsync(json.Replace("\"Port\": 5000", $"\"Port\": {backend.Port}", StringComparison.Ordinal));
        using var client = env.CreateClient(8080);

        using var forwarded = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        Assert.Equal("web", EchoedRequest.Parse(await forwarded.Content.ReadAsStringAsync()).Backend);

        using var redirected = await client.GetAsync("/old/page");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirected.StatusCode);
        // #{port} is the listener's configured port (8080), whatever port the test bound it to.
        Assert.Equal("http://127.0.0.1:8080/new/old/page", redirected.Headers.Location!.ToString());
        Assert.Contains("`Location: http://127.0.0.1:8080/new/old/page`", page, StringComparison.Ordinal);

        await env.WaitForAccessLogAsync(l => l.Contains("/old/page", StringComparison.Ordinal));
        Assert.Contains(env.AccessLogLines, l => l.Contains("/ HTTP/1.1\"", StringComparison.Ordinal) && l.Contains(" 200 200 ", StringComparison.Ordinal));
        Assert.Contains(env.AccessLogLines, l => l.Contains("/old/page HTTP/1.1\"", StringComparison.Ordinal) && l.Contains(" 301 - ", StringComparison.Ordinal));
    }
}
