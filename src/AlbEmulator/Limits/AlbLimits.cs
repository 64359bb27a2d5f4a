namespace AlbEmulator.Limits;

/// <summary>
/// ALB's hard limits (AWS "Quotas for your Application Load Balancers" and "Troubleshoot your
/// Application Load Balancers", alb-data-plane.md §7.1). The only place these numbers live.
/// </summary>
public static class AlbLimits
{
    /// <summary>Request line: 16 K. Over it → 414 (ERR-414, [EMU] precedence over 400).</summary>
    public const int MaxRequestLineBytes = 16 * 1024;

    /// <summary>A single request header line: 16 K. Over it → 400 (ERR-400).</summary>
    public const int MaxSingleHeaderBytes = 16 * 1024;

    /// <summary>The entire request header block: 64 K. Over it → 400 (ERR-400).</summary>
    public const int MaxTotalHeaderBytes = 64 * 1024;

    /// <summary>The entire response header block from a target: 32 K. Over it → 502.</summary>
    public const int MaxResponseHeaderBytes = 32 * 1024;

    /// <summary>X-Forwarded-For addresses: 30. More → 463 (HDR-3).</summary>
    public const int MaxForwardedForAddresses = 30;

    /// <summary>HTTP/2 requests per client connection before GOAWAY (H2-3).</summary>
    public const int MaxHttp2RequestsPerConnection = 10_000;

    /// <summary>HTTP/2 concurrent streams per client connection (LST-5, H2-2).</summary>
    public const int MaxHttp2ConcurrentStreams = 128;

    /// <summary>Lambda request body: 1 MB (LAM-1).</summary>
    public const int MaxLambdaRequestBodyBytes = 1024 * 1024;

    /// <summary>Lambda response JSON: 1 MB (LAM-1).</summary>
    public const int MaxLambdaResponseBytes = 1024 * 1024;

    /// <summary>User-Agent in the access log: 8 KB.</summary>
    public const int MaxLoggedUserAgentBytes = 8 * 1024;

    /// <summary>Target connect timeout: 10 s (TG-26).</summary>
    public static readonly TimeSpan TargetConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>TLS handshake with an HTTPS target: 10 s, counted after the TCP connect (TG-26). Over it → 504.</summary>
    public static readonly TimeSpan TargetTlsHandshakeTimeout = TimeSpan.FromSeconds(10);
}
