using AlbEmulator.Configuration;
using AlbEmulator.Model;
using AlbEmulator.Utilities;

namespace AlbEmulator.Tests.Model;

public sealed class LoadBalancerSettingsTests
{
    [Fact]
    public void From_NoAttributes_AwsDefaults()
    {
        var settings = LoadBalancerSettings.From([]);
        Assert.Equal(60, settings.IdleTimeoutSeconds);
        Assert.Equal(3600, settings.ClientKeepAliveSeconds);
        Assert.True(settings.Http2Enabled);
        Assert.Equal(DesyncMitigationMode.Defensive, settings.DesyncMitigationMode);
        Assert.Equal(XffMode.Append, settings.XffMode);
        Assert.False(settings.PreserveHostHeader);
        Assert.False(settings.XffClientPort);
        Assert.False(settings.AccessLogsEnabled);
    }

    [Fact]
    public void From_Attributes_Typed()
    {
        var settings = LoadBalancerSettings.From(ValueList.Of(
            new AttributeConfig("idle_timeout.timeout_seconds", "5"),
            new AttributeConfig("routing.http2.enabled", "false"),
            new AttributeConfig("routing.http.desync_mitigation_mode", "strictest"),
            new AttributeConfig("routing.http.xff_header_processing.mode", "remove"),
            new AttributeConfig("routing.http.preserve_host_header.enabled", "true"),
            new AttributeConfig("routing.http.xff_client_port.enabled", "true")));
        Assert.Equal(TimeSpan.FromSeconds(5), settings.IdleTimeout);
        Assert.False(settings.Http2Enabled);
        Assert.Equal(DesyncMitigationMode.Strictest, settings.DesyncMitigationMode);
        Assert.Equal(XffMode.Remove, settings.XffMode);
        Assert.True(settings.PreserveHostHeader);
        Assert.True(settings.XffClientPort);
    }
}
