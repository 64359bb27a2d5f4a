using AlbEmulator.Hosting;
using AlbEmulator.Limits;
using AlbEmulator.Model;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AlbEmulator.Tests.Hosting;

public sealed class KestrelLimitsTests
{
    [Fact]
    public void Apply_LimitsLooserThanAlb_SoTheEmulatorAnswers()
    {
        var kestrel = new KestrelServerOptions();
        KestrelLimits.Apply(kestrel, new LoadBalancerSettings { IdleTimeoutSeconds = 7 });

        Assert.False(kestrel.AddServerHeader);
        Assert.True(kestrel.Limits.MaxRequestLineSize > AlbLimits.MaxRequestLineBytes);
        Assert.True(kestrel.Limits.MaxRequestHeadersTotalSize > AlbLimits.MaxTotalHeaderBytes);
        Assert.Null(kestrel.Limits.MaxRequestBodySize);
        Assert.Null(kestrel.Limits.MinRequestBodyDataRate);
        Assert.True(kestrel.Limits.KeepAliveTimeout > TimeSpan.FromSeconds(7));
        Assert.Equal(AlbLimits.MaxHttp2ConcurrentStreams, kestrel.Limits.Http2.MaxStreamsPerConnection);
    }
}
