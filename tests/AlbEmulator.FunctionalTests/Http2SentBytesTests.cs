using System.Text.RegularExpressions;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// On HTTP/2 an access-log line's <c>sent_bytes</c> is what went over the wire for its stream: every frame
/// the load balancer sent on it, frame headers included. Checked with nghttp (nghttp2-client, installed
/// by .ci/run), which prints each frame it receives, for ALB-generated responses (503, fixed response,
/// redirect) and a forwarded one.
/// </summary>
public sealed partial class Http2SentBytesTests
{
    [GeneratedRegex(@"recv (?<type>[A-Z_]+) frame <length=(?<length>\d+), flags=0x[0-9a-f]+, stream_id=(?<stream>\d+)>")]
    private static partial Regex ReceivedFrame();

    [Theory]
    [InlineData("/empty", "503")]
    [InlineData("/fixed", "404")]
    [InlineData("/redirect", "301")]
    [InlineData("/ok", "200")]
    public async Task SentBytes_EqualTheStreamsFramesOnTheWire(string path, string status)
    {
        await using var backend = await TestBackend.StartAsync("web");
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8443, "Protocol": "HTTPS",
                "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ],
                "Rules": [
                  { "Priority": 1, "Conditions": [ { "Field": "path-pattern", "Values": [ "/empty" ] } ], "Actions": [ { "Type": "forward", "TargetGroupName": "empty" } ] },
                  { "Priority": 2, "Conditions": [ { "Field": "path-pattern", "Values": [ "/fixed" ] } ],
                    "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "404", "ContentType": "text/plain", "MessageBody": "not here" } } ] },
                  { "Priority": 3, "Conditions": [ { "Field": "path-pattern", "Values": [ "/redirect" ] } ],
                    "Actions": [ { "Type": "redirect", "RedirectConfig": { "Host": "example.com", "StatusCode": "HTTP_301" } } ] } ] } ],
              "TargetGroups": [
                { "Name": "web", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend.Port}} } ] },
                { "Name": "empty", "Protocol": "HTTP", "Port": 80 } ]
            }
            """);

        var url = new UriBuilder(env.Listener(8443)) { Path = path }.Uri.ToString();
        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("nghttp", ["-v", "-n", url], timeout: TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, $"nghttp failed ({exit}): {stderr}\n{stdout}");

        var frames = ReceivedFrame().Matches(stdout).Where(m => m.Groups["stream"].Value != "0").ToList();
        Assert.NotEmpty(frames);
        var onTheWire = frames.Sum(m => 9 + long.Parse(m.Groups["length"].Value));

        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains($":8443{path} HTTP/2.0", StringComparison.Ordinal)));
        Assert.Equal("h2", line.Type);
        Assert.Equal(status, line.ElbStatusCode);
        Assert.Equal(onTheWire, long.Parse(line.Raw.Split(' ')[11]));
    }
}
