using System.Text;
using AlbEmulator.Desync;
using AlbEmulator.Listeners.Http1;
using AlbEmulator.Model;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// Replays every http-desync-guardian case (tests/conformance/desync/*.yaml) over a raw socket in
/// each of the three modes and checks the tier and reason (access log, §1.6) and the resulting action
/// (DSY-3): blocked → 400 and the client connection closed, nothing forwarded; forwarded → the target
/// answers; Ambiguous in defensive mode → forwarded with both connections closed afterwards.
/// A <c>Host</c> header is added as the last header of each case (the suite's requests have none, and
/// ALB answers any HTTP/1.1 request without Host with 400 before routing, HDR-21); it is compliant and
/// changes no classification.
/// </summary>
public sealed class DesyncMitigationTests : IClassFixture<DesyncMitigationTests.Environments>
{
    private readonly Environments _environments;

    public DesyncMitigationTests(Environments environments) => _environments = environments;

    public static TheoryData<string, string, int, string> Cases()
    {
        var data = new TheoryData<string, string, int, string>();
        foreach (var mode in new[] { "monitor", "defensive", "strictest" })
        {
            foreach (var c in DesyncConformanceSuite.Cases)
            {
                data.Add(mode, c.File, c.Index, c.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Replay_Case_ClassifiedAndHandledPerMode(string mode, string file, int index, string name)
    {
        var testCase = DesyncConformanceSuite.Cases.Single(c => c.File == file && c.Index == index);
        var (expectedTier, expectedReason) = DesyncConformanceSuite.ExpectedOnTheWire(testCase);
        var raw = testCase.ToRawRequestWithHost();
        var headLength = DesyncConformanceCase.HeadLength(raw);
        var head = raw.AsSpan(0, headLength);
        // The other wire checks, from the pure admission function in every mode: a head the mode lets through may
        // still be rejected (no Host, a method that is not a token, so it cannot be forwarded).
        Errors.AlbError otherCheck;
        BodyFraming framing;
        using (var parsed = WireHead.Parse(head))
        {
            var monitored = WireAdmission.Admit(parsed, new WireAdmissionSettings(DesyncMitigationMode.Monitor));
            otherCheck = monitored.Error;
            framing = monitored.Framing;
        }

        // A body larger than the test sends: the request is forwarded and the client then stalls (408).
        var stalls = framing.Kind == BodyFramingKind.ContentLength && framing.Length > MaxBody;
        var action = DesyncMitigationPolicy.Decide(Enum.Parse<DesyncMitigationMode>(mode, ignoreCase: true), Enum.Parse<DesyncTier>(expectedTier));
        var env = _environments.For(mode);

        // Only lines written after this request was sent: a client port can be reused by a later case.
        var linesBefore = env.AccessLogLines.Count;
        await using var connection = await RawHttpConnection.ConnectAsync(env.Listener(8080));
        await connection.SendAsync(raw.AsSpan(0, headLength).ToArray());
        if (action != DesyncAction.Block && otherCheck == Errors.AlbError.None && !stalls)
        {
            await connection.SendAsync(Body(framing));
        }

        var response = await connection.ReadResponseAsync(headRequest: testCase.Method == "HEAD");
        var line = AccessLogLine.Parse(await env.WaitForAccessLogAsync(l => l.Contains($" 127.0.0.1:{connection.LocalPort} ", StringComparison.Ordinal), skip: linesBefore));
        var because = $"{mode} {file}#{index} {name}: {response.StatusLine} / {line.Classification} {line.ClassificationReason}";

        // The verdict (DSY-5), as the access log reports it (§1.6).
        Assert.True(expectedTier == "Compliant" ? line.Classification == "-" : line.Classification == expectedTier, because);
        Assert.True(expectedTier == "Compliant" ? line.ClassificationReason == "-" : line.ClassificationReason == expectedReason, because);

        switch (action)
        {
            case DesyncAction.Block:
                Assert.True(response.StatusCode == 400, because);
                Assert.True(line.TargetIp == "", because);
                Assert.True(await connection.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), because + ": client connection not closed");
                break;
            case DesyncAction.Forward or DesyncAction.ForwardThenClose when otherCheck == Errors.AlbError.None && stalls:
                Assert.True(response.StatusCode == 408, because);
                Assert.True(line.TargetIp == "127.0.0.1", because);
                Assert.True(await connection.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), because + ": client connection not closed");
                break;
            case DesyncAction.ForwardThenClose when otherCheck == Errors.AlbError.None:
                Assert.True(response.StatusCode == 200, because);
                Assert.True(line.TargetIp == "127.0.0.1", because);
                Assert.True(response.Header("Connection") == "close", because);
                if (testCase.Method != "HEAD")
                {
                    Assert.Equal("close", EchoedRequest.Parse(response.BodyText).Header("Connection"));
                }

                Assert.True(await connection.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), because + ": client connection not closed");
                break;
            case DesyncAction.Forward when otherCheck == Errors.AlbError.None:
                Assert.True(response.StatusCode == 200, because);
                Assert.True(line.TargetIp == "127.0.0.1", because);
                if (testCase.Method != "HEAD")
                {
                    Assert.Null(EchoedRequest.Parse(response.BodyText).Header("Connection"));
                }

                if (response.Header("Connection") != "close" && testCase.Version == "HTTP/1.1" && !DesyncConformanceSuite.KnownRawDivergences.ContainsKey((file, index)))
                {
                    // Kept alive: the next request on the same connection is served.
                    await connection.SendAsync("GET /next HTTP/1.1\r\nHost: alb.test\r\n\r\n");
                    Assert.Equal(200, (await connection.ReadResponseAsync()).StatusCode);
                }

                break;
            default:
                // Let through by the mode, answered by a later wire check (501 for gzip/deflate/compress codings).
                Assert.True(response.StatusCode == Errors.AlbErrorCatalog.Get(otherCheck).StatusCode, because);
                Assert.True(line.TargetIp == "", because);
                break;
        }
    }

    [Fact]
    public void Suite_Has159Cases()
    {
        Assert.Equal(159, DesyncConformanceSuite.Cases.Count);
    }

    private const int MaxBody = 8 * 1024 * 1024;

    private static byte[] Body(BodyFraming framing) => framing.Kind switch
    {
        BodyFramingKind.ContentLength => Encoding.ASCII.GetBytes(new string('x', (int)framing.Length)),
        BodyFramingKind.Chunked => "0\r\n\r\n"u8.ToArray(),
        _ => [],
    };

    /// <summary>One emulator per mode in front of one length-delimited echo backend.</summary>
    public sealed class Environments : IAsyncLifetime
    {
        private readonly Dictionary<string, AlbTestEnvironment> _byMode = new();
        private TestBackend? _backend;

        public AlbTestEnvironment For(string mode) => _byMode[mode];

        public async Task InitializeAsync()
        {
            _backend = await Exchange.StartLengthDelimitedBackendAsync("desync");
            foreach (var mode in new[] { "monitor", "defensive", "strictest" })
            {
                _byMode[mode] = await AlbTestEnvironment.StartAsync($$"""
                    {
                      "LoadBalancer": { "LoadBalancerAttributes": [
                        { "Key": "routing.http.desync_mitigation_mode", "Value": "{{mode}}" },
                        { "Key": "idle_timeout.timeout_seconds", "Value": "10" } ] },
                      "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "t" } ] } ],
                      "TargetGroups": [ { "Name": "t", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{_backend.Port}} } ] } ]
                    }
                    """);
            }
        }

        public async Task DisposeAsync()
        {
            foreach (var env in _byMode.Values)
            {
                await env.DisposeAsync();
            }

            if (_backend is not null)
            {
                await _backend.DisposeAsync();
            }
        }
    }
}
