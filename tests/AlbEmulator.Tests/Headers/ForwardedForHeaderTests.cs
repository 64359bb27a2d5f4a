using System.Net;
using AlbEmulator.Headers;
using AlbEmulator.Model;
using Microsoft.Extensions.Primitives;

namespace AlbEmulator.Tests.Headers;

/// <summary>X-Forwarded-For: append, preserve and remove modes (HDR-1), the client port (HDR-2), several fields joined (HDR-4) and the address count behind the 463 (HDR-3).</summary>
public sealed class ForwardedForHeaderTests
{
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.1");

    [Theory]
    [InlineData(new string[0], "127.0.0.1")]
    [InlineData(new[] { "127.0.0.4" }, "127.0.0.4, 127.0.0.1")]
    [InlineData(new[] { "127.0.0.4, 127.0.0.8" }, "127.0.0.4, 127.0.0.8, 127.0.0.1")]
    [InlineData(new[] { "10.0.0.1", "10.0.0.2" }, "10.0.0.1, 10.0.0.2, 127.0.0.1")]
    public void Process_Append_AddsLastHop(string[] received, string expected)
    {
        Assert.Equal(expected, ForwardedForHeader.Process(new StringValues(received), XffMode.Append, Client, 5555, false));
    }

    [Fact]
    public void Process_AppendWithClientPort_IpColonPort()
    {
        Assert.Equal("10.0.0.1, 127.0.0.1:5555", ForwardedForHeader.Process("10.0.0.1", XffMode.Append, Client, 5555, true));
    }

    [Fact]
    public void Process_AppendWithClientPortIpv6_Brackets()
    {
        Assert.Equal("[2001:db8::1]:5555", ForwardedForHeader.Process(StringValues.Empty, XffMode.Append, IPAddress.Parse("2001:db8::1"), 5555, true));
    }

    [Fact]
    public void Process_Ipv4MappedClient_WrittenAsIpv4()
    {
        Assert.Equal("10.1.2.3", ForwardedForHeader.Process(StringValues.Empty, XffMode.Append, IPAddress.Parse("::ffff:10.1.2.3"), 1, false));
    }

    [Theory]
    [InlineData(XffMode.Preserve, "10.0.0.1", "10.0.0.1")]
    [InlineData(XffMode.Preserve, null, null)]
    [InlineData(XffMode.Remove, "10.0.0.1", null)]
    public void Process_PreserveAndRemove(XffMode mode, string? received, string? expected)
    {
        var values = received is null ? StringValues.Empty : new StringValues(received);
        Assert.Equal(expected, ForwardedForHeader.Process(values, mode, Client, 1, true));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("1.1.1.1", 1)]
    [InlineData("1.1.1.1, 2.2.2.2,3.3.3.3", 3)]
    public void CountAddresses_CommaSeparated(string value, int expected)
    {
        Assert.Equal(expected, ForwardedForHeader.CountAddresses(value));
    }

    [Fact]
    public void CountAddresses_SeveralFields_Summed()
    {
        Assert.Equal(31, ForwardedForHeader.CountAddresses(new StringValues([string.Join(",", Enumerable.Repeat("1.1.1.1", 30)), "2.2.2.2"])));
    }
}
