using System.Net;
using System.Net.Sockets;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The composition root (Hosting/AlbEmulatorServiceCollectionExtensions.AddAlbEmulator) builds the control plane before
/// Kestrel accepts a connection: the ELBv2 API on the admin endpoint never answers 404 while the emulator starts.
/// </summary>
public sealed class StartupOrderTests
{
    private const string Config = """
        {
          "LoadBalancer": { "Name": "startup-alb" },
          "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200" } } ] } ]
        }
        """;

    [Fact]
    public async Task AdminPost_DuringStartup_NeverAnswers404()
    {
        var adminPort = FreePort();
        var admin = new Uri($"http://127.0.0.1:{adminPort}/");
        var answers = new List<int>();
        using var stop = new CancellationTokenSource();

        // Hammer POST / from before the start until after it: every answer is the ELBv2 API's (200 here).
        var prober = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await using var connection = await RawHttpConnection.ConnectAsync(admin);
                    const string body = "Action=DescribeLoadBalancers&Version=2015-12-01";
                    await connection.SendAsync($"POST / HTTP/1.1\r\nHost: 127.0.0.1:{adminPort}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
                    var response = await connection.ReadResponseAsync(timeout: TimeSpan.FromSeconds(30));
                    lock (answers)
                    {
                        answers.Add(response.StatusCode);
                    }
                }
                catch (SocketException)
                {
                    // Not listening yet.
                }
                catch (IOException)
                {
                    // Connection torn while the server starts.
                }
            }
        });

        await using (var env = await AlbTestEnvironment.StartAsync(Config, configure: options =>
        {
            options.AdminUrl = admin;
            options.HealthChecks.Automatic = false;
        }))
        {
            // Keep probing until a few answers arrived after the start completed.
            int startedAt;
            lock (answers)
            {
                startedAt = answers.Count;
            }

            await Eventually.UntilAsync(
                () =>
                {
                    lock (answers)
                    {
                        return answers.Count >= startedAt + 3;
                    }
                },
                "three answers after the start",
                TimeSpan.FromSeconds(30));
            await stop.CancelAsync();
            await prober;
        }

        lock (answers)
        {
            Assert.NotEmpty(answers);
            Assert.All(answers, status => Assert.Equal(200, status));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
