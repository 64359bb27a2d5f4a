using System.Security.Authentication;
using AlbEmulator.Configuration;

namespace AlbEmulator.Tests.Configuration;

public sealed class SslPoliciesTests
{
    [Theory]
    [InlineData("ELBSecurityPolicy-TLS13-1-3-2021-06", SslProtocols.Tls13, SslProtocols.Tls13)]
    [InlineData("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", SslProtocols.Tls12, SslProtocols.Tls13)]
    [InlineData("ELBSecurityPolicy-TLS13-1-2-2021-06", SslProtocols.Tls12, SslProtocols.Tls13)]
    [InlineData("ELBSecurityPolicy-TLS-1-2-Ext-2018-06", SslProtocols.Tls12, SslProtocols.Tls12)]
    [InlineData("ELBSecurityPolicy-FS-1-2-Res-2020-10", SslProtocols.Tls12, SslProtocols.Tls12)]
    public void Known_policies(string name, SslProtocols min, SslProtocols max)
    {
        Assert.True(SslPolicies.TryGet(name, out var actualMin, out var actualMax));
        Assert.Equal((min, max), (actualMin, actualMax));
    }

    [Fact]
    public void Default_policy_allows_tls_1_0_to_1_2()
    {
        Assert.True(SslPolicies.TryGet(SslPolicies.Default, out var min, out var max));
#pragma warning disable SYSLIB0039 // ALB's default policy still allows TLS 1.0 and 1.1.
        Assert.Equal(SslProtocols.Tls | SslProtocols.Tls11 | SslProtocols.Tls12, SslPolicies.Allowed(min, max));
#pragma warning restore SYSLIB0039
    }

    [Theory]
    [InlineData("elbsecuritypolicy-2016-08")]
    [InlineData("ELBSecurityPolicy-Custom")]
    [InlineData("")]
    public void Unknown_policies(string name)
    {
        Assert.False(SslPolicies.TryGet(name, out _, out _));
    }
}
