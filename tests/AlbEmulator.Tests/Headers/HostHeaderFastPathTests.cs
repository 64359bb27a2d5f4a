using AlbEmulator.Headers;

namespace AlbEmulator.Tests.Headers;

/// <summary>
/// <see cref="HostHeader.Rewrite"/> returns the received host itself when rewriting would not change it
/// (docs/performance.md); these pin that the shortcut gives exactly what the full rewrite gives.
/// </summary>
public sealed class HostHeaderFastPathTests
{
    private const string Dns = "my-alb-1234567890.us-east-1.elb.amazonaws.com";

    public static TheoryData<string> Hosts() =>
    [
        "example.com", "example.com:8080", "example.com:80", "Example.com:8080", "EXAMPLE.COM", "example.com:",
        "a:b:c", ":8080", ":", "[::1]", "[::1]:8080", "[::1]:", "[::1]x", "[::1", "[", "[]:80", "127.0.0.1:19541",
        "bücher.example:8080", "xn--bcher-kva.example:8080", "host_name:8080", "h:0", "h:65535",
    ];

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Rewrite_EqualsTheFullRewrite_OnEveryListenerPort(string host)
    {
        foreach (var port in new[] { 80, 443, 8080, 19541 })
        {
            Assert.Equal(FullRewrite(host, port), HostHeader.Rewrite(host, port, Dns));
        }
    }

    [Fact]
    public void Rewrite_UnchangedHost_IsTheSameInstance()
    {
        var host = "shop.example.com:8080";
        Assert.Same(host, HostHeader.Rewrite(host, 8080, Dns));
    }

    /// <summary>The rewrite without the shortcut (split, lower-case, port rule).</summary>
    private static string FullRewrite(string host, int listenerPort)
    {
        var (name, port) = HostHeader.Split(host);
        name = name.ToLowerInvariant();
        if (listenerPort is 80 or 443)
        {
            return name;
        }

        return port.Length == 0 ? $"{name}:{listenerPort}" : $"{name}:{port}";
    }
}
