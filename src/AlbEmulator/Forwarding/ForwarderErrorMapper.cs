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
    public static AlbError Map(ForwarderError error, Exception? exception, bool clientAborted)
    {
        if (clientAborted || error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled)
        {
            // The client went away before the target answered: logged as 460, nothing sent (ERR-460).
            return AlbError.ClientClosedRequest;
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
