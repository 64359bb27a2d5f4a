using System.Net;
using System.Net.Sockets;
using AlbEmulator.Model;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// One emulator for the access-log scenarios (load balancer <c>golden</c>): HTTP listener 8080 with a rule
/// per outcome, HTTPS listener 8443 (generated certificate) with a gRPC rule, target groups <c>web</c>
/// (echo), <c>grpc</c> (h2c echo), <c>empty</c>, <c>closed</c> (a port nothing listens on) and <c>slow</c>.
/// </summary>
public sealed class AccessLogFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "albemu-golden-" + Guid.NewGuid().ToString("N"));
    private TestBackend? _web;
    private TestBackend? _grpc;
    private TestBackend? _slow;

    public AlbTestEnvironment Env { get; private set; } = null!;

    public AwsIdentifiers Ids { get; } = new("golden");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _web = await TestBackend.StartAsync("web");
        _grpc = await TestBackend.StartAsync("grpc", http2Only: true);
        _slow = await TestBackend.StartAsync("slow", handler: async context =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        });
        var closedPort = ClosedPort();
        Env = await AlbTestEnvironment.StartAsync($$"""
            {
              "LoadBalancer": { "Name": "golden" },
              "Listeners": [
                { "Port": 8080, "Protocol": "HTTP",
                  "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ],
                  "Rules": [
                    { "Priority": 10, "Conditions": [ { "Field": "path-pattern", "Values": [ "/fixed" ] } ],
                      "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "404", "ContentType": "text/plain", "MessageBody": "nope" } } ] },
                    { "Priority": 20, "Conditions": [ { "Field": "path-pattern", "Values": [ "/redirect" ] } ],
                      "Actions": [ { "Type": "redirect", "RedirectConfig": { "Protocol": "HTTPS", "Host": "example.com", "Port": "443", "StatusCode": "HTTP_301" } } ] },
                    { "Priority": 30, "Conditions": [ { "Field": "path-pattern", "Values": [ "/empty" ] } ],
                      "Actions": [ { "Type": "forward", "TargetGroupName": "empty" } ] },
                    { "Priority": 40, "Conditions": [ { "Field": "path-pattern", "Values": [ "/closed" ] } ],
                      "Actions": [ { "Type": "forward", "TargetGroupName": "closed" } ] },
                    { "Priority": 50, "Conditions": [ { "Field": "path-pattern", "Values": [ "/long*" ] } ],
                      "Actions": [ { "Type": "redirect", "RedirectConfig": { "Path": "/#{path}/#{path}", "StatusCode": "HTTP_302" } } ] },
                    { "Priority": 60, "Conditions": [ { "Field": "path-pattern", "Values": [ "/slow" ] } ],
                      "Actions": [ { "Type": "forward", "TargetGroupName": "slow" } ] }
                  ] },
                { "Port": 8443, "Protocol": "HTTPS",
                  "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ],
                  "Rules": [
                    { "Priority": 5, "Conditions": [ { "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "Content-Type", "Values": [ "application/grpc*" ] } } ],
                      "Actions": [ { "Type": "forward", "TargetGroupName": "grpc" } ] }
                  ] }
              ],
              "TargetGroups": [
                { "Name": "web", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{_web.Port}} } ] },
                { "Name": "grpc", "Protocol": "HTTP", "Port": 80, "ProtocolVersion": "GRPC", "Targets": [ { "Id": "127.0.0.1", "Port": {{_grpc.Port}} } ] },
                { "Name": "empty", "Protocol": "HTTP", "Port": 80 },
                { "Name": "closed", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{closedPort}} } ] },
                { "Name": "slow", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{_slow.Port}} } ] }
              ]
            }
            """, _directory);
    }

    public string TargetGroupArn(string name) => Ids.TargetGroupArn(name);

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public async Task DisposeAsync()
    {
        await Env.DisposeAsync();
        Assert.All(Env.AccessLogLines, line => AccessLogLine.Parse(line));
        foreach (var backend in new[] { _web, _grpc, _slow })
        {
            if (backend is not null)
            {
                await backend.DisposeAsync();
            }
        }

        Directory.Delete(_directory, recursive: true);
    }
}
