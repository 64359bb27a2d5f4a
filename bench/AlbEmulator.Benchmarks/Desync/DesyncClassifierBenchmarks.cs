using AlbEmulator.Desync;
using BenchmarkDotNet.Attributes;

namespace AlbEmulator.Benchmarks.Desync;

/// <summary>Cost of classifying one raw request head (DSY-5) on the compliant and non-compliant paths.</summary>
[MemoryDiagnoser]
public class DesyncClassifierBenchmarks
{
    private readonly byte[] _browserGet =
        ("GET /products/shoes?color=red&size=42 HTTP/1.1\r\n"u8 +
        "Host: shop.example.com\r\n"u8 +
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"u8 +
        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"u8 +
        "Accept-Language: en-US,en;q=0.5\r\n"u8 +
        "Accept-Encoding: gzip, deflate, br, zstd\r\n"u8 +
        "Referer: https://shop.example.com/\r\n"u8 +
        "Connection: keep-alive\r\n"u8 +
        "Cookie: session=3f1c2a9e8b7d; theme=dark; consent=yes\r\n"u8 +
        "Upgrade-Insecure-Requests: 1\r\n"u8 +
        "Sec-Fetch-Dest: document\r\n"u8 +
        "Sec-Fetch-Mode: navigate\r\n"u8 +
        "\r\n"u8).ToArray();

    private readonly byte[] _postWithContentLength =
        ("POST /api/orders HTTP/1.1\r\n"u8 +
        "Host: api.example.com\r\n"u8 +
        "User-Agent: curl/8.5.0\r\n"u8 +
        "Accept: application/json\r\n"u8 +
        "Content-Type: application/json\r\n"u8 +
        "Content-Length: 348\r\n"u8 +
        "\r\n"u8).ToArray();

    private readonly byte[] _severe =
        ("POST /api/orders HTTP/1.1\r\n"u8 +
        "Host: api.example.com\r\n"u8 +
        "Content-Length: 348\r\n"u8 +
        "Content-Length: 12\r\n"u8 +
        "Transfer-Encoding: chunked\r\n"u8 +
        "\r\n"u8).ToArray();

    [Benchmark(Baseline = true)]
    public DesyncTier BrowserGet() => HttpDesyncClassifier.Classify(_browserGet).Tier;

    [Benchmark]
    public DesyncTier PostWithContentLength() => HttpDesyncClassifier.Classify(_postWithContentLength).Tier;

    [Benchmark]
    public DesyncTier SevereMultipleContentLength() => HttpDesyncClassifier.Classify(_severe).Tier;
}
