using System.Net.Sockets;
using AlbEmulator.Errors;
using AlbEmulator.Forwarding;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Tests.Forwarding;

public sealed class ForwarderErrorMapperTests
{
    [Fact]
    public void Map_ConnectionRefused_502()
    {
        var e = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal(AlbError.TargetConnectionError, ForwarderErrorMapper.Map(ForwarderError.Request, e, false));
    }

    [Fact]
    public void Map_ConnectTimeout_504()
    {
        var e = new HttpRequestException(HttpRequestError.ConnectionError, "timeout", new TimeoutException());
        Assert.Equal(AlbError.TargetConnectTimeout, ForwarderErrorMapper.Map(ForwarderError.Request, e, false));
    }

    [Fact]
    public void Map_ActivityTimeout_504()
    {
        Assert.Equal(AlbError.TargetResponseTimeout, ForwarderErrorMapper.Map(ForwarderError.RequestTimedOut, new OperationCanceledException(), false));
    }

    [Fact]
    public void Map_InvalidResponse_502Invalid()
    {
        var e = new HttpRequestException(HttpRequestError.InvalidResponse, "bad");
        Assert.Equal(AlbError.TargetInvalidResponse, ForwarderErrorMapper.Map(ForwarderError.Request, e, false));
    }

    [Fact]
    public void Map_ClientAborted_460()
    {
        Assert.Equal(AlbError.ClientClosedRequest, ForwarderErrorMapper.Map(ForwarderError.Request, null, clientAborted: true));
        Assert.Equal(AlbError.ClientClosedRequest, ForwarderErrorMapper.Map(ForwarderError.RequestCanceled, null, false));
    }
}
