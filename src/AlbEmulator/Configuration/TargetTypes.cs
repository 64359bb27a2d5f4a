namespace AlbEmulator.Configuration;

/// <summary>Target types, protocols and protocol versions (TG-1, TG-2, TG-10).</summary>
internal static class TargetTypes
{
    public const string Ip = "ip";
    public const string Instance = "instance";
    public const string Lambda = "lambda";

    public const string Http1 = "HTTP1";
    public const string Http2 = "HTTP2";
    public const string Grpc = "GRPC";

    /// <summary>HTTP2 and GRPC groups need an HTTPS listener and a forward-only rule (TG-10, ACT-3).</summary>
    public static bool NeedsHttps(string protocolVersion) => protocolVersion is Http2 or Grpc;
}
