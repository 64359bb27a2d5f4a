using System.Text.Json;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// HTTP/2 abuse on one connection (H2-3): an empty-CONTINUATION flood, SETTINGS and PING floods (raw frames
/// over node's tls), and a header whose compressed length is over 8 K (node's http2 client): the connection
/// gets GOAWAY and is closed, and the listener keeps answering.
/// </summary>
public sealed class Http2FloodTests
{
    [Theory]
    [InlineData("continuation")]
    [InlineData("settings")]
    [InlineData("ping")]
    [InlineData("big-header")]
    public async Task Abuse_GoAwayAndClose_ListenerStillAnswers(string mode)
    {
        await using var env = await AlbTestEnvironment.StartAsync("""
            {
              "Listeners": [ { "Port": 8443, "Protocol": "HTTPS",
                "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "ok" } } ] } ]
            }
            """);
        var port = env.Listener(8443).Port;

        var script = Path.Combine(AppContext.BaseDirectory, "h2", "flood.js");
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("node", [script, port.ToString(), mode], timeout: TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, stderr);
        using var result = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        Assert.True(result.RootElement.TryGetProperty("goaway", out var goaway) && goaway.ValueKind == JsonValueKind.Number, $"{mode}: no GOAWAY: {stdout}");
        Assert.Equal(1, goaway.GetInt32()); // PROTOCOL_ERROR (Http2InputGuard)
        Assert.True(result.RootElement.GetProperty("closed").GetBoolean(), $"{mode}: connection not closed: {stdout}");

        // ERR-000: the connection ended with GOAWAY is logged with elb_status_code 000 (the troubleshooting guide's "response code 000").
        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => AccessLogLine.Parse(l).ElbStatusCode == "000", TimeSpan.FromSeconds(30)));
        Assert.Equal(("h2", "-", "-1", "-", "0"), (line.Type, line.Raw.Split(' ')[4], line.RequestProcessingTime, line.TargetStatusCode, line.Raw.Split(' ')[11]));
        Assert.Equal(("-", "-"), (line.RequestVerb, line.RequestProto));
        Assert.StartsWith("https://", line.RequestUrl, StringComparison.Ordinal);
        Assert.NotEqual("-", line.SslCipher);

        using var client = env.CreateClient(8443, System.Net.HttpVersion.Version20);
        Assert.Equal("ok", await client.GetStringAsync("/"));
        await env.WaitForAccessLogAsync(l => AccessLogLine.Parse(l).ElbStatusCode == "200");
        Assert.Single(env.AccessLogLines, l => AccessLogLine.Parse(l).ElbStatusCode == "000");
    }
}
