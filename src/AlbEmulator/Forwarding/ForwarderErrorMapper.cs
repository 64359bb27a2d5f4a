using System.Net.Sockets;
using AlbEmulator.Errors;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Forwarding;

/// <summary>
/// Translates what happened on the backend connection (YARP's <see cref="ForwarderError"/> and the
/// exception behind it) into the ALB response family (ERR-460, ERR-502, ERR-504). The only place that
/// makes this decision.
/// </summary>
public static class ForwarderErrorMapper
{
    /// <param name="error">What YARP reports.</param>
    /// <param name="exception">The exception behind it, if any.</param>
    /// <param name="clientAborted">The client connection is gone.</param>
    /// <param name="requestBodyIncomplete">The client had not sent its whole request body.</param>
    public static AlbError Map(ForwarderError error, Exception? exception, bool clientAborted, bool requestBodyIncomplete = false)
    {
        if (requestBodyIncomplete && error is ForwarderError.RequestBodyClient && Find<OperationCanceledException>(exception) is null)
        {
            // The client's body ended early (it closed, or half-closed, its connection); a cancelled read is
            // a stalled client instead (408, decided by the caller).
            return AlbError.ClientClosedMidBody;
        }

        if (clientAborted || error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled)
        {
            // The client went away before sending its whole body: 400, logged only (troubleshooting guide,
            // HTTP 400: "The client closed the connection before sending the full request body"). With
            // the request complete, it gave up waiting for the target: 460 (ERR-460).
            return requestBodyIncomplete || error is ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient
                ? AlbError.ClientClosedMidBody
                : AlbError.ClientClosedRequest;
        }

        if (error == ForwarderError.RequestTimedOut && Find<TargetTlsHandshakeException>(exception) is null)
        {
            // The idle timeout fired first; whatever the torn-down connection reported after that is moot.
            return IsConnectTimeout(exception) ? AlbError.TargetConnectTimeout : AlbError.TargetResponseTimeout;
        }

        if (Find<TargetTlsHandshakeException>(exception) is { } tls)
        {
            return tls.TimedOut ? AlbError.TargetTlsHandshakeTimeout : AlbError.TargetTlsHandshakeError;
        }

        if (Find<TargetClosedConnectionException>(exception) is not null)
        {
            return AlbError.TargetClosedConnection;
        }

        if (RefusedStream(exception) is not null)
        {
            return AlbError.TargetRefusedStream;
        }

        return error switch
        {
            ForwarderError.RequestTimedOut => IsConnectTimeout(exception) ? AlbError.TargetConnectTimeout : AlbError.TargetResponseTimeout,
            ForwarderError.Request when IsConnectTimeout(exception) => AlbError.TargetConnectTimeout,
            ForwarderError.Request when IsInvalidResponse(exception) => AlbError.TargetInvalidResponse,
            ForwarderError.Request => AlbError.TargetConnectionError,
            ForwarderError.ResponseBodyDestination => AlbError.TargetConnectionError,
            ForwarderError.RequestBodyClient => AlbError.BadRequest,
            _ => AlbError.TargetConnectionError,
        };
    }

    /// <summary>The request-specific part of the explanation: what the target connection did, when the emulator knows.</summary>
    public static string? Detail(Exception? exception) =>
        Find<TargetClosedConnectionException>(exception)?.Message ?? Find<TargetTlsHandshakeException>(exception)?.Message ?? RefusedStream(exception) switch
        {
            Http2TargetConnectionStream.RefusedByGoAwayCode => "The HTTP/2 target sent GOAWAY with a last-stream-id below this request's stream: it did not process the request, and the load balancer does not resend it.",
            Http2TargetConnectionStream.RefusedStreamCode => "The HTTP/2 target reset the stream with REFUSED_STREAM: it did not process the request, and the load balancer does not resend it.",
            _ => null,
        };

    /// <summary>The marker code <see cref="Http2TargetConnectionStream"/> resets a refused stream with, or null.</summary>
    private static uint? RefusedStream(Exception? exception) =>
        Find<HttpProtocolException>(exception)?.ErrorCode switch
        {
            Http2TargetConnectionStream.RefusedStreamCode => Http2TargetConnectionStream.RefusedStreamCode,
            Http2TargetConnectionStream.RefusedByGoAwayCode => Http2TargetConnectionStream.RefusedByGoAwayCode,
            _ => null,
        };

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static bool IsConnectTimeout(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException || e is SocketException { SocketErrorCode: SocketError.TimedOut })
            {
                return true;
            }

            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } && e.InnerException is TimeoutException or OperationCanceledException)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInvalidResponse(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.ConfigurationLimitExceeded })
            {
                return true;
            }
        }

        return false;
    }
}
