using System.Security.Authentication;

namespace AlbEmulator.Configuration;

// TEMPORARY STUB (replaced by the config branch).
public static class SslPolicies
{
    public const string DefaultPolicy = "ELBSecurityPolicy-2016-08";

    public static bool TryGet(string name, out SslProtocols minTls, out SslProtocols maxTls)
    {
        minTls = SslProtocols.Tls12;
        maxTls = name.Contains("TLS13", StringComparison.Ordinal) ? SslProtocols.Tls13 : SslProtocols.Tls12;
        return true;
    }
}
