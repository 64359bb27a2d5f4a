using System.Net;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Response bodies larger than one output buffer, relayed by the direct HTTP/1.1 forwarder to an HTTP/1.1 client:
/// chunked (the target writes without Content-Length, in one write or in flushed pieces) and with Content-Length.
/// The client gets every byte in order and the access log counts them.
/// </summary>
public sealed class LargeTargetBodyTests
{
    [Theory]
    [InlineData(3_000, 1, false)]
    [InlineData(5_000, 1, false)]
    [InlineData(70_000, 1, false)]
    [InlineData(300_000, 7, false)]
    [InlineData(4_090, 3, false)]
    [InlineData(300_000, 7, true)]
    [InlineData(70_000, 1, true)]
    public async Task Body_larger_than_a_buffer_arrives_whole(int size, int pieces, bool contentLength)
    {
        var body = new byte[size];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)('a' + (i * 7 % 26));
        }

        await using var backend = await TestBackend.StartAsync("big", handler: async context =>
        {
            context.Response.ContentType = "application/octet-stream";
            if (contentLength)
            {
                context.Response.ContentLength = body.Length;
            }

            var piece = (body.Length + pieces - 1) / pieces;
            for (var offset = 0; offset < body.Length; offset += piece)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(offset, Math.Min(piece, body.Length - offset)));
                await context.Response.Body.FlushAsync();
            }
        });
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ],
              "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend.Port}} } ] } ]
            }
            """, configure: o => o.HealthChecks.Automatic = false);
        using var client = env.CreateClient(8080);

        for (var round = 0; round < 2; round++)
        {
            using var response = await client.GetAsync($"/big/{round}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
            var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains($"/big/{round} ", StringComparison.Ordinal)));
            Assert.Equal("200", line.ElbStatusCode);
            Assert.Equal("200", line.TargetStatusCode);
        }
    }
}
