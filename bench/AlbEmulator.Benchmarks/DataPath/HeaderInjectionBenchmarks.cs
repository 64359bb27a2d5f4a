using AlbEmulator.Forwarding;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Benchmarks.DataPath;

/// <summary>
/// The request header work of <see cref="AlbRequestTransformer"/> on a typical browser request (8 headers):
/// copy, Host rewrite, X-Forwarded-For/-Proto/-Port, X-Amzn-Trace-Id, the destination URI. YARP creates
/// the <see cref="HttpRequestMessage"/> either way: <see cref="MessageOnly"/> is that baseline, so the
/// difference is what the transformer allocates.
/// </summary>
[MemoryDiagnoser]
public class HeaderInjectionBenchmarks
{
    private DefaultHttpContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = BenchRequests.Build(rules: 0);
        (_context, _) = BenchRequests.Create(model);
    }

    [Benchmark(Baseline = true, Description = "new HttpRequestMessage (YARP's part)")]
    public HttpRequestMessage MessageOnly() => new(HttpMethod.Get, (Uri?)null);

    [Benchmark(Description = "AlbRequestTransformer.TransformRequestAsync")]
    public HttpRequestMessage Transform()
    {
        var message = new HttpRequestMessage(HttpMethod.Get, (Uri?)null);
        var pending = AlbRequestTransformer.Instance.TransformRequestAsync(_context, message, "http://10.0.0.2:80/", CancellationToken.None);
        pending.GetAwaiter().GetResult();
        return message;
    }
}
