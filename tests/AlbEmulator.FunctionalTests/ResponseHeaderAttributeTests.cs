using Microsoft.AspNetCore.Http;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>LST-51 and HDR-60: listener attributes that insert response headers and remove the ALB's Server header, on every response.</summary>
public sealed class ResponseHeaderAttributeTests
{
    [Fact]
    public async Task Configured_headers_are_on_target_fixed_redirect_and_error_responses_and_replace_the_targets()
    {
        await using var backend = await TestBackend.StartAsync("web", handler: async context =>
        {
            context.Response.Headers["X-Frame-Options"] = "SAMEORIGIN";
            context.Response.Headers.Server = "target/1.0";
            await context.Response.WriteAsync("from target");
        });
        await using var env = await AlbTestEnvironment.StartAsync($$"""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ {{TestConfig.Forward("web")}} ],
                "ListenerAttributes": [
                  { "Key": "routing.http.response.strict_transport_security.header_value", "Value": "max-age=31536000; includeSubDomains" },
                  { "Key": "routing.http.response.x_frame_options.header_value", "Value": "DENY" },
                  { "Key": "routing.http.response.content_security_policy.header_value", "Value": "default-src 'self'" },
                  { "Key": "routing.http.response.access_control_allow_origin.header_value", "Value": "" },
                  { "Key": "routing.http.response.server.enabled", "Value": "false" } ],
                "Rules": [
                  { "Priority": 1, "Conditions": [ { "Field": "path-pattern", "Values": [ "/fixed" ] } ],
                    "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "fixed" } } ] },
                  { "Priority": 2, "Conditions": [ { "Field": "path-pattern", "Values": [ "/old" ] } ],
                    "Actions": [ { "Type": "redirect", "RedirectConfig": { "Path": "/new", "StatusCode": "HTTP_301" } } ] },
                  { "Priority": 3, "Conditions": [ { "Field": "path-pattern", "Values": [ "/empty" ] } ],
                    "Actions": [ {{TestConfig.Forward("empty")}} ] } ] } ],
              "TargetGroups": [ {{TestConfig.TargetGroup("web", backend)}}, { "Name": "empty", "Protocol": "HTTP", "Port": 80, "Targets": [] } ]
            }
            """);
        using var client = env.CreateClient(8080);

        foreach (var (path, status, server) in new[] { ("/", 200, "target/1.0"), ("/fixed", 200, null), ("/old", 301, null), ("/empty", 503, null) })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal(["max-age=31536000; includeSubDomains"], response.Headers.GetValues("Strict-Transport-Security"));
            Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
            Assert.Equal(["default-src 'self'"], response.Headers.GetValues("Content-Security-Policy"));
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
            Assert.Equal(server, response.Headers.TryGetValues("Server", out var values) ? string.Join(",", values) : null);
        }
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a.test\r\nContent-Length: 1x\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("GET / HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: gzip\r\n\r\n", "HTTP/1.1 501 Not Implemented")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "HTTP/1.1 505 HTTP Version Not Supported")]
    public async Task Responses_rejected_on_the_wire_carry_the_configured_headers_too(string request, string statusLine)
    {
        await using var env = await AlbTestEnvironment.StartAsync("""
            {
              "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ],
                "ListenerAttributes": [
                  { "Key": "routing.http.response.strict_transport_security.header_value", "Value": "max-age=300" },
                  { "Key": "routing.http.response.x_content_type_options.header_value", "Value": "nosniff" },
                  { "Key": "routing.http.response.server.enabled", "Value": "false" } ] } ]
            }
            """);
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));

        await connection.SendAsync(request);
        var response = await connection.ReadResponseAsync();

        Assert.Equal(statusLine, response.StatusLine);
        Assert.Equal(["max-age=300"], response.Headers.Where(h => h.Key == "Strict-Transport-Security").Select(h => h.Value));
        Assert.Equal(["nosniff"], response.Headers.Where(h => h.Key == "X-Content-Type-Options").Select(h => h.Value));
        Assert.DoesNotContain(response.Headers, h => h.Key == "Server");
        Assert.Equal(["Date", "Content-Type", "Content-Length", "Connection", "Strict-Transport-Security", "X-Content-Type-Options"], response.Headers.Select(h => h.Key));
    }

    [Fact]
    public async Task Without_attributes_ALB_responses_keep_their_Server_header_and_gain_nothing()
    {
        await using var env = await AlbTestEnvironment.StartAsync("""
            { "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "404" } } ] } ] }
            """);
        using var client = env.CreateClient(8080);

        using var response = await client.GetAsync("/");
        Assert.Equal(["awselb/2.0"], response.Headers.GetValues("Server"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
