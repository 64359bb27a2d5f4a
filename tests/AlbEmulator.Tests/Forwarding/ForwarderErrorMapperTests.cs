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

    [Fact]
    public void Map_TargetClosedWithRequestOutstanding_502Closed()
    {
        var e = new HttpRequestException("send", new TargetClosedConnectionException(reset: false, earlierResponses: 1, null));
        Assert.Equal(AlbError.TargetClosedConnection, ForwarderErrorMapper.Map(ForwarderError.Request, e, false));
        Assert.Contains("reused keep-alive connection", ForwarderErrorMapper.Detail(e), StringComparison.Ordinal);
    }

    [Fact]
    public void Map_TlsHandshake_502FailedOr504TimedOut()
    {
        var failed = new HttpRequestException("tls", new TargetTlsHandshakeException(timedOut: false, "failed", null));
        var slow = new HttpRequestException("tls", new TargetTlsHandshakeException(timedOut: true, "slow", null));
        Assert.Equal(AlbError.TargetTlsHandshakeError, ForwarderErrorMapper.Map(ForwarderError.Request, failed, false));
        Assert.Equal(AlbError.TargetTlsHandshakeTimeout, ForwarderErrorMapper.Map(ForwarderError.Request, slow, false));
    }

    [Fact]
    public void Map_ClientClosedBeforeFullBody_400LogOnly()
    {
        var ended = new IOException("Unexpected end of request content.");
        Assert.Equal(AlbError.ClientClosedMidBody, ForwarderErrorMapper.Map(ForwarderError.RequestBodyClient, ended, false, requestBodyIncomplete: true));
        Assert.Equal(AlbError.ClientClosedMidBody, ForwarderErrorMapper.Map(ForwarderError.RequestBodyCanceled, ended, clientAborted: true, requestBodyIncomplete: true));
        Assert.False(AlbErrorCatalog.Get(AlbError.ClientClosedMidBody).SendsResponse);
        Assert.Equal(400, AlbErrorCatalog.Get(AlbError.ClientClosedMidBody).StatusCode);
    }

    [Fact]
    public void Map_StalledBodyRead_NotMidBodyClose()
    {
        // A cancelled body read is the idle timeout on a stalled client (408, decided by the pipeline).
        Assert.Equal(AlbError.BadRequest, ForwarderErrorMapper.Map(ForwarderError.RequestBodyClient, new OperationCanceledException(), false, requestBodyIncomplete: true));
    }

    [Fact]
    public void Map_IdleTimeoutWinsOverTornDownConnection_504()
    {
        var e = new OperationCanceledException("timeout", new TargetClosedConnectionException(reset: true, 0, null));
        Assert.Equal(AlbError.TargetResponseTimeout, ForwarderErrorMapper.Map(ForwarderError.RequestTimedOut, e, false));
    }
}
