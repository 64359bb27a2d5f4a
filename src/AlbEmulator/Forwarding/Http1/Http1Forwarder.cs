using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using AlbEmulator.Errors;
using AlbEmulator.Limits;
using AlbEmulator.Model;
using AlbEmulator.Pipeline;
using AlbEmulator.TargetGroups;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Forwarding.Http1;

/// <summary>
/// The direct HTTP/1.1 forwarder for HTTP1 target groups (clients on HTTP/1.x and HTTP/2): the request head is written
/// from Kestrel's request straight into the connection's buffer (<see cref="Http1RequestHead"/>, the headers
/// <see cref="ForwardedRequestHeaders"/> decides), the body relayed as received (Content-Length, or chunked), the
/// response head parsed in place in the read buffer and set on Kestrel's response, the body relayed with the
/// connection's buffer. No HttpRequestMessage, HttpResponseMessage or header collection in between.
/// <para>
/// What the client and the access log see is what YARP's forwarder gave before: the same <see cref="ForwarderError"/>
/// (through <see cref="IForwarderErrorFeature"/>) for each failure, read by <see cref="ForwarderErrorMapper"/>; a target
/// that closes or resets the connection after the request was written and before any response byte is a
/// <see cref="TargetClosedConnectionException"/>, never a resend; a response whose declared body is at most
/// <see cref="SmallResponseBuffer.MaxBufferedBytes"/> is read whole before its head goes out (504/502 when it stalls or
/// ends early); response headers go to the client as YARP copies them (hop-by-hop ones dropped, content headers
/// after the others, names in .NET's spelling); the activity timeout is the idle timeout (TG-27).
/// </para>
/// </summary>
internal static class Http1Forwarder
{
    /// <summary>Forwards the request to <paramref name="target"/>; the result is what YARP's SendAsync returned for the same outcome.</summary>
    /// <remarks>
    /// The exchange in order: a connection (pooled, else new), the request head and body, the response head (interim
    /// responses skipped), a short body read whole, the head set on Kestrel's response, the body relayed. A failure
    /// before the response body is mapped by <see cref="FailExchange"/>, one in the body by <see cref="FailResponseBody"/>.
    /// The awaits stay in this one method (one pooled state machine); the steps between them are plain calls.
    /// </remarks>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ForwarderError> ForwardAsync(HttpContext context, AlbRequestState state, TargetModel target, Http1TargetPool pool, AppCookieTransformer? appCookie, CancellationToken drainCut)
    {
        var http2Client = HttpProtocol.IsHttp2(context.Request.Protocol);
        var host = ForwardedRequestHeaders.Host(context, state, out var hostRewritten);
        var endpoint = EndpointFor(pool, target.DestinationPrefix, host);
        var connection = endpoint.TakeIdle();
        if (connection is null)
        {
            var (opened, failure) = await ConnectAsync(context, endpoint, pool.IdleTimeout, drainCut);
            if (opened is null)
            {
                return failure;
            }

            connection = opened;
        }

        connection.BeginExchange(pool.IdleTimeout, context.RequestAborted, drainCut);
        var inResponseBody = false;
        try
        {
            var body = WriteRequestHead(context, state, connection.Head, http2Client, host, hostRewritten);
            state.RequestSentTimestamp = Stopwatch.GetTimestamp();
            await connection.Stream.WriteAsync(connection.Head.Written);
            connection.Progress();
            if (body != Http1RequestBody.None && await SendBodyAsync(context, connection, body == Http1RequestBody.Chunked, drainCut) is { } bodyFailure)
            {
                connection.Release(false);
                return Fail(context, bodyFailure.Error, bodyFailure.Exception);
            }

            var response = await ReadResponseHeadAsync(connection, context.Request.Method);
            state.ResponseHeadersTimestamp = Stopwatch.GetTimestamp();
            state.TargetStatusCode = response.Status;
            connection.Progress();
            if (response.Status == 101)
            {
                return RefuseUpgrade(context, state, connection);
            }

            appCookie?.AddCookies(context, state, SetsAppCookie(connection, response, state));
            if (response is { NoBody: false, Chunked: false, ContentLength: > 0 and <= SmallResponseBuffer.MaxBufferedBytes } && await BufferBodyAsync(connection, response) is not AlbError.None and var incomplete)
            {
                // The target stalled or closed inside a short body: nothing has gone to the client, so ForwardAction
                // answers 504 or 502 as ALB does (ERR-502, ERR-504).
                connection.Release(false);
                state.TargetStatusCode = 0;
                state.IncompleteTargetResponse = incomplete;
                return ForwarderError.None;
            }

            if (!TryStartResponse(context, state, connection, response, http2Client, out var headFailure))
            {
                return headFailure;
            }

            inResponseBody = true;
            var reusable = await RelayBodyAsync(context, connection, response) && !response.Close && !state.CloseConnectionsAfterResponse;
            connection.Release(reusable);
            return ForwarderError.None;
        }
        catch (Exception e) when (inResponseBody)
        {
            return FailResponseBody(context, connection, drainCut, e);
        }
        catch (Exception e)
        {
            return FailExchange(context, connection, drainCut, e);
        }
    }

    /// <summary>The pool of <paramref name="prefix"/>'s connections (for HTTPS targets, per server name: the forwarded Host).</summary>
    private static Http1TargetPool.Endpoint EndpointFor(Http1TargetPool pool, string prefix, Microsoft.Extensions.Primitives.StringValues host) =>
        pool.Get(prefix, prefix.StartsWith("https:", StringComparison.Ordinal) ? TargetConnector.ServerName(host.Count > 0 ? host[0] : null) : null);

    /// <summary>Opens a new connection (connect timeout: the idle timeout); on failure the connection is null and the error set as YARP reports it.</summary>
    private static async ValueTask<(Http1TargetConnection? Connection, ForwarderError Failure)> ConnectAsync(HttpContext context, Http1TargetPool.Endpoint endpoint, TimeSpan timeout, CancellationToken drainCut)
    {
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, drainCut);
        connect.CancelAfter(timeout);
        try
        {
            return (await endpoint.ConnectAsync(connect.Token), ForwarderError.None);
        }
        catch (OperationCanceledException e)
        {
            return (null, Fail(context, Canceled(context, drainCut) ? ForwarderError.RequestCanceled : ForwarderError.RequestTimedOut, e));
        }
        catch (Exception e)
        {
            return (null, Fail(context, ForwarderError.Request, new HttpRequestException(HttpRequestError.ConnectionError, $"{e.Message} ({endpoint.Address})", e)));
        }
    }

    /// <summary>Writes the request head into <paramref name="head"/> (the headers <see cref="ForwardedRequestHeaders"/> decides); returns how the body goes.</summary>
    private static Http1RequestBody WriteRequestHead(HttpContext context, AlbRequestState state, Http1RequestHead head, bool http2Client, Microsoft.Extensions.Primitives.StringValues host, bool hostRewritten)
    {
        var request = context.Request;
        head.Start(request.Method, AlbRequestTransformer.RequestTarget(context, state), http2Client, host);
        ForwardedRequestHeaders.Apply(context, state, head, host, hostRewritten);
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? false;
        return head.Finish(hasBody, request.Method, out _);
    }

    /// <summary>A 101 to a request that did not ask to upgrade (YARP could not upgrade the client either).</summary>
    private static ForwarderError RefuseUpgrade(HttpContext context, AlbRequestState state, Http1TargetConnection connection)
    {
        connection.Release(false);
        state.TargetStatusCode = 0;
        return Fail(context, ForwarderError.UpgradeResponseClient, new InvalidOperationException("The target answered 101 Switching Protocols to a request that did not ask to upgrade."));
    }

    /// <summary>
    /// Sets the target's status and headers on Kestrel's response, then the load balancer's own cookies; false (a 502 as
    /// YARP answers it) when a header cannot be set.
    /// </summary>
    private static bool TryStartResponse(HttpContext context, AlbRequestState state, Http1TargetConnection connection, in Response response, bool http2Client, out ForwarderError failure)
    {
        try
        {
            CopyResponseHead(context, connection.Buffer.AsSpan(connection.Start, response.HeadLength), response, connection.ResponseNames, http2Client);
        }
        catch (Exception e)
        {
            connection.Release(false);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            failure = Fail(context, ForwarderError.ResponseHeaders, e);
            return false;
        }

        AlbRequestTransformer.AppendStateCookies(context, state);
        state.ResponseStartedTimestamp = Stopwatch.GetTimestamp();
        connection.Start += response.HeadLength;
        failure = ForwarderError.None;
        return true;
    }

    /// <summary>A failure while relaying the response body: the response is cut (reset or abort) or, not started yet, a 502.</summary>
    private static ForwarderError FailResponseBody(HttpContext context, Http1TargetConnection connection, CancellationToken drainCut, Exception e)
    {
        var error = Canceled(context, drainCut) || connection.Disposed
            ? ForwarderError.ResponseBodyCanceled
            : e is ClientWriteException ? ForwarderError.ResponseBodyClient : ForwarderError.ResponseBodyDestination;
        connection.Release(false);
        Fail(context, error, e is ClientWriteException { InnerException: { } inner } ? inner : e);
        if (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
        }
        else
        {
            ResetOrAbort(context, error == ForwarderError.ResponseBodyCanceled);
        }

        return error;
    }

    /// <summary>A failure before the response body: canceled (client gone, drain cut), the idle timeout (TG-27), or the target's fault.</summary>
    private static ForwarderError FailExchange(HttpContext context, Http1TargetConnection connection, CancellationToken drainCut, Exception e)
    {
        var torn = connection.Disposed;
        connection.Release(false);
        if (Canceled(context, drainCut))
        {
            return Fail(context, ForwarderError.RequestCanceled, e);
        }

        if (torn && e is not TargetClosedConnectionException)
        {
            // The idle timeout ran out before the target answered (TG-27).
            return Fail(context, ForwarderError.RequestTimedOut, new TaskCanceledException("The target did not answer within the idle timeout.", e));
        }

        return Fail(context, ForwarderError.Request, e is HttpRequestException or TargetClosedConnectionException ? e : new HttpRequestException(HttpRequestError.Unknown, "An error occurred while sending the request to the target.", e));
    }

    private static bool Canceled(HttpContext context, CancellationToken drainCut) =>
        context.RequestAborted.IsCancellationRequested || drainCut.IsCancellationRequested;

    private static ForwarderError Fail(HttpContext context, ForwarderError error, Exception exception)
    {
        context.Features.Set<IForwarderErrorFeature>(new ErrorFeature(error, exception));
        return error;
    }

    private static void ResetOrAbort(HttpContext context, bool canceled)
    {
        if (context.Features.Get<IHttpResetFeature>() is { } reset)
        {
            // HTTP/2: CANCEL (0x8) or INTERNAL_ERROR (0x2), as YARP resets the stream.
            reset.Reset(canceled ? 0x8 : 0x2);
        }
        else
        {
            context.Abort();
        }
    }

    /// <summary>Relays the client's body (as it arrives, or chunked); null when it all went, else the failure as YARP reports it.</summary>
    private static async ValueTask<(ForwarderError Error, Exception Exception)?> SendBodyAsync(HttpContext context, Http1TargetConnection connection, bool chunked, CancellationToken drainCut)
    {
        const int Reserve = 10; // room for a chunk-size line before the data
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var body = context.Request.Body;
            while (true)
            {
                int read;
                try
                {
                    read = await body.ReadAsync(buffer.AsMemory(Reserve, buffer.Length - Reserve - 2), connection.Activity);
                }
                catch (Exception e)
                {
                    if (Canceled(context, drainCut))
                    {
                        return (ForwarderError.RequestBodyCanceled, e);
                    }

                    // A stalled client (the idle timeout) is reported as YARP does; the caller makes it 408 with the wire facts.
                    return connection.Disposed ? (ForwarderError.RequestTimedOut, new TaskCanceledException("The client did not send its body within the idle timeout.", e)) : (ForwarderError.RequestBodyClient, e);
                }

                connection.Progress();
                var start = Reserve;
                var end = Reserve + read;
                if (chunked)
                {
                    if (read == 0)
                    {
                        "0\r\n\r\n"u8.CopyTo(buffer.AsSpan(Reserve));
                        end = Reserve + 5;
                    }
                    else
                    {
                        var digits = HexDigits(read);
                        start = Reserve - digits - 2;
                        read.TryFormat(buffer.AsSpan(start, digits), out _, "X", CultureInfo.InvariantCulture);
                        buffer[Reserve - 2] = (byte)'\r';
                        buffer[Reserve - 1] = (byte)'\n';
                        buffer[end++] = (byte)'\r';
                        buffer[end++] = (byte)'\n';
                    }
                }

                if (end > start)
                {
                    try
                    {
                        await connection.Stream.WriteAsync(buffer.AsMemory(start, end - start));
                    }
                    catch (Exception e)
                    {
                        return (Canceled(context, drainCut) ? ForwarderError.RequestBodyCanceled : connection.Disposed ? ForwarderError.RequestTimedOut : ForwarderError.RequestBodyDestination, e);
                    }

                    connection.Progress();
                }

                if (read == 0)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int HexDigits(int value)
    {
        var digits = 1;
        while ((value >>= 4) != 0)
        {
            digits++;
        }

        return digits;
    }

    /// <summary>
    /// Reads and parses the final response head (100 Continue and other interim responses are skipped); its header names
    /// go into the connection's <see cref="Http1TargetConnection.ResponseNames"/>, the head stays in the buffer from <c>Start</c>.
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Response> ReadResponseHeadAsync(Http1TargetConnection connection, string method)
    {
        const int Limit = AlbLimits.MaxResponseHeaderBytes;
        while (true)
        {
            var unread = connection.Buffer.AsSpan(connection.Start, connection.Available);
            var end = unread.IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                if (end + 4 > Limit)
                {
                    throw Http1TargetConnection.ResponseHeadTooLarge();
                }

                var headLength = end + 4;
                connection.ResponsesStarted++;
                var response = Response.Parse(unread[..headLength], method, connection.ResponseNames);
                if (!response.Interim)
                {
                    response.HeadLength = headLength;
                    return response;
                }

                // 100 Continue and other interim responses: the final head follows.
                connection.Start += headLength;
                continue;
            }

            if (unread.Length > Limit)
            {
                throw Http1TargetConnection.ResponseHeadTooLarge();
            }

            var nothingYet = connection.Available == 0;
            bool more;
            try
            {
                more = await connection.FillAsync(Limit + 4);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException && nothingYet && !connection.Disposed)
            {
                throw new TargetClosedConnectionException(reset: true, connection.ResponsesStarted, e);
            }

            if (!more)
            {
                if (nothingYet && !connection.Disposed)
                {
                    // Nothing of a response came back: the request was outstanding when the target closed.
                    throw new TargetClosedConnectionException(reset: false, connection.ResponsesStarted, null);
                }

                throw new HttpRequestException(HttpRequestError.ResponseEnded, "The target closed the connection before a complete response head.");
            }
        }
    }

    /// <summary>Reads a short declared body whole (after the head) before anything goes to the client.</summary>
    private static async ValueTask<AlbError> BufferBodyAsync(Http1TargetConnection connection, Response response)
    {
        var needed = response.HeadLength + (int)response.ContentLength;
        try
        {
            while (connection.Available < needed)
            {
                if (!await connection.FillAsync(needed))
                {
                    return AlbError.TargetConnectionError;
                }
            }

            return AlbError.None;
        }
        catch (Exception)
        {
            return connection.Disposed ? AlbError.TargetResponseTimeout : AlbError.TargetConnectionError;
        }
    }

    private static bool SetsAppCookie(Http1TargetConnection connection, Response response, AlbRequestState state)
    {
        var name = state.TargetGroup?.Attributes.AppCookieName ?? "";
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var (nameBytes, value) in new HeaderLines(connection.Buffer.AsSpan(connection.Start, response.HeadLength)))
        {
            if (Ascii.EqualsIgnoreCase(nameBytes, "Set-Cookie"u8) && AppCookieTransformer.SetsCookie(Encoding.Latin1.GetString(value), name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Status, reason phrase (HTTP/1.x clients, when not the standard one) and headers, as YARP copies them.</summary>
    private static void CopyResponseHead(HttpContext context, ReadOnlySpan<byte> head, Response response, List<Http1HeaderNames.Name> names, bool http2Client)
    {
        var target = context.Response;
        target.StatusCode = response.Status;
        if (!http2Client)
        {
            var reason = head[response.ReasonStart..response.ReasonEnd];
            var standard = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(response.Status);
            if (reason.Length != standard.Length || !Ascii.Equals(reason, standard))
            {
                context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = Encoding.Latin1.GetString(reason);
            }
        }

        var headers = target.Headers;
        var contentHeaders = false;
        var index = 0;
        foreach (var (_, value) in new HeaderLines(head))
        {
            var known = names[index++];
            if (known.Role == Http1HeaderNames.Role.Content)
            {
                contentHeaders = true;
            }
            else if (!SkippedResponseHeader(known.Wire))
            {
                headers.Append(known.Wire, Encoding.Latin1.GetString(value));
            }
        }

        if (!contentHeaders)
        {
            return;
        }

        // Content headers after the others, as YARP copies the response's then its content's.
        index = 0;
        foreach (var (_, value) in new HeaderLines(head))
        {
            var known = names[index++];
            if (known.Role == Http1HeaderNames.Role.Content)
            {
                headers.Append(known.Wire, Encoding.Latin1.GetString(value));
            }
        }
    }

    /// <summary>Hop-by-hop and connection-specific response headers YARP does not copy.</summary>
    private static bool SkippedResponseHeader(string name) =>
        name.Length switch
        {
            2 => name.Equals("TE", StringComparison.OrdinalIgnoreCase),
            4 => name.Equals("ALPN", StringComparison.OrdinalIgnoreCase),
            5 => name.Equals("Close", StringComparison.OrdinalIgnoreCase),
            7 => name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase) || name.Equals("Alt-Svc", StringComparison.OrdinalIgnoreCase),
            10 => name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase),
            _ => name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Proxy-Authenticate", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Proxy-Authentication-Info", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Proxy-Features", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Proxy-Instruction", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Security-Scheme", StringComparison.OrdinalIgnoreCase)
                || name.Equals("HTTP2-Settings", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Upgrade-Insecure-Requests", StringComparison.OrdinalIgnoreCase),
        };

    /// <summary>Relays the response body; true when it was read to its end (the connection may be reused).</summary>
    private static async ValueTask<bool> RelayBodyAsync(HttpContext context, Http1TargetConnection connection, Response response)
    {
        if (response.NoBody)
        {
            return true;
        }

        var writer = context.Response.BodyWriter;
        if (response.Chunked)
        {
            return await RelayChunkedAsync(writer, connection);
        }

        var remaining = response.ContentLength;
        var untilClose = remaining < 0;
        var flushed = false;
        while (untilClose || remaining > 0)
        {
            if (connection.Available == 0 && !await connection.FillAsync())
            {
                if (untilClose)
                {
                    return false;
                }

                throw new IOException("The target closed the connection in the middle of the response body.");
            }

            var take = untilClose ? connection.Available : (int)Math.Min(connection.Available, remaining);
            Write(writer, connection.Buffer.AsSpan(connection.Start, take));
            connection.Start += take;
            remaining -= take;
            if (remaining == 0 && !flushed)
            {
                // The whole body came with the head (every short body is read whole first): head and body leave
                // together when the response ends, on HTTP/2 as HEADERS and one DATA frame carrying END_STREAM (a
                // flush here would send the DATA frame at once and an empty one with END_STREAM after it).
                break;
            }

            // What arrived goes to the client now, the last piece too, as YARP flushes every read: when the last piece
            // of a Content-Length body that had been flushed before was left to the end of the response, it was not
            // sent and the client waited (LargeTargetBodyTests).
            await FlushAsync(writer, connection);
            flushed = true;
        }

        return true;
    }

    private static async ValueTask<bool> RelayChunkedAsync(System.IO.Pipelines.PipeWriter writer, Http1TargetConnection connection)
    {
        long chunk = 0;       // data bytes left in the current chunk
        var crlf = false;     // the CRLF after a chunk's data comes next
        var trailers = false; // after the last chunk: trailer lines until an empty line (not forwarded)
        while (true)
        {
            var wrote = false;
            while (true)
            {
                if (chunk > 0)
                {
                    var take = (int)Math.Min(connection.Available, chunk);
                    if (take == 0)
                    {
                        break;
                    }

                    Write(writer, connection.Buffer.AsSpan(connection.Start, take));
                    connection.Start += take;
                    chunk -= take;
                    wrote = true;
                    crlf = chunk == 0;
                    continue;
                }

                var unread = connection.Buffer.AsSpan(connection.Start, connection.Available);
                var line = unread.IndexOf("\r\n"u8);
                if (line < 0)
                {
                    if (unread.Length > 4096)
                    {
                        throw new IOException("Malformed chunked body from the target.");
                    }

                    break;
                }

                connection.Start += line + 2;
                if (crlf)
                {
                    crlf = false;
                    if (line != 0)
                    {
                        throw new IOException("Malformed chunked body from the target.");
                    }

                    continue;
                }

                if (trailers)
                {
                    if (line == 0)
                    {
                        return true;
                    }

                    continue;
                }

                chunk = ChunkSize(unread[..line]);
                trailers = chunk == 0;
            }

            if (wrote)
            {
                await FlushAsync(writer, connection);
            }

            if (!await connection.FillAsync())
            {
                throw new IOException("The target closed the connection in the middle of a chunked body.");
            }
        }
    }

    private static long ChunkSize(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var digits = (semicolon >= 0 ? line[..semicolon] : line).TrimEnd(" \t"u8);
        if (digits.Length is 0 or > 15 || !long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
        {
            throw new IOException("Malformed chunk size from the target.");
        }

        return size;
    }

    /// <summary>
    /// Copies into the response body asking for at least one byte each time: with a chunked response Kestrel's
    /// <c>GetSpan()</c> without a size returns an empty span once its current chunk is full, which
    /// <c>BuffersExtensions.Write</c> turns into an ArgumentOutOfRangeException (a 502 after the head went out).
    /// </summary>
    private static void Write(System.IO.Pipelines.PipeWriter writer, ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            var destination = writer.GetSpan(Math.Min(source.Length, 4096));
            var count = Math.Min(destination.Length, source.Length);
            source[..count].CopyTo(destination);
            writer.Advance(count);
            source = source[count..];
        }
    }

    private static async ValueTask FlushAsync(System.IO.Pipelines.PipeWriter writer, Http1TargetConnection connection)
    {
        System.IO.Pipelines.FlushResult result;
        try
        {
            result = await writer.FlushAsync(connection.Activity);
        }
        catch (Exception e)
        {
            throw new ClientWriteException(e);
        }

        if (result.IsCanceled)
        {
            throw new ClientWriteException(new OperationCanceledException());
        }

        connection.Progress();
    }

    /// <summary>Writing to the client failed (not the target's doing).</summary>
    private sealed class ClientWriteException(Exception inner) : IOException(inner.Message, inner);

    private sealed class ErrorFeature(ForwarderError error, Exception? exception) : IForwarderErrorFeature
    {
        public ForwarderError Error { get; } = error;

        public Exception? Exception { get; } = exception;
    }

    /// <summary>A parsed response head (offsets into the read buffer).</summary>
    private struct Response
    {
        public int Status;
        public int ReasonStart;
        public int ReasonEnd;
        public int HeadLength;
        public long ContentLength; // -1: none declared
        public bool Chunked;
        public bool Close;
        public bool NoBody;
        public bool Interim;

        /// <summary>Parses the head; the name of each header line goes into <paramref name="names"/>, in order.</summary>
        public static Response Parse(ReadOnlySpan<byte> head, string method, List<Http1HeaderNames.Name> names)
        {
            names.Clear();
            var lineEnd = head.IndexOf("\r\n"u8);
            var statusLine = head[..lineEnd];
            if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
                || !int.TryParse(statusLine.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 100
                || (statusLine.Length > 12 && statusLine[12] != (byte)' '))
            {
                throw new HttpRequestException(HttpRequestError.InvalidResponse, "The target sent a malformed status line.");
            }

            var response = new Response
            {
                Status = code,
                ReasonStart = Math.Min(13, statusLine.Length),
                ReasonEnd = statusLine.Length,
                ContentLength = -1,
                Close = statusLine[7] == (byte)'0',
                Interim = code is >= 100 and < 200 and not 101,
            };
            foreach (var (name, value) in new HeaderLines(head))
            {
                var known = name.Length == 0 || name[^1] is (byte)' ' or (byte)'\t' ? null : Http1HeaderNames.Response(name);
                if (known is null || known.Role == Http1HeaderNames.Role.Refused)
                {
                    throw new HttpRequestException(HttpRequestError.InvalidResponse, "The target sent a malformed header line.");
                }

                names.Add(known);

                if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
                {
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || (response.ContentLength >= 0 && response.ContentLength != length))
                    {
                        throw new HttpRequestException(HttpRequestError.InvalidResponse, "The target sent an invalid Content-Length.");
                    }

                    response.ContentLength = length;
                }
                else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
                {
                    response.Chunked = Contains(value, "chunked"u8);
                }
                else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
                {
                    response.Close |= Contains(value, "close"u8);
                }
            }

            response.NoBody = HttpMethods.IsHead(method) || code is 204 or 304;
            return response;
        }

        private static bool Contains(ReadOnlySpan<byte> value, ReadOnlySpan<byte> word)
        {
            for (var i = 0; i + word.Length <= value.Length; i++)
            {
                if (Ascii.EqualsIgnoreCase(value.Slice(i, word.Length), word))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The header lines of a response head (after the status line, up to the blank line): name and trimmed value.</summary>
    private ref struct HeaderLines(ReadOnlySpan<byte> head)
    {
        private ReadOnlySpan<byte> _rest = head[(head.IndexOf("\r\n"u8) + 2)..];

        public HeaderLine Current { get; private set; }

        public readonly HeaderLines GetEnumerator() => this;

        public bool MoveNext()
        {
            var end = _rest.IndexOf("\r\n"u8);
            if (end <= 0)
            {
                return false;
            }

            var line = _rest[..end];
            _rest = _rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon < 0 || line[0] is (byte)' ' or (byte)'\t')
            {
                throw new HttpRequestException(HttpRequestError.InvalidResponse, "The target sent a malformed header line.");
            }

            Current = new HeaderLine(line[..colon], line[(colon + 1)..].Trim(" \t"u8));
            return true;
        }
    }

    /// <summary>One header line: name and trimmed value.</summary>
    private readonly ref struct HeaderLine(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        private readonly ReadOnlySpan<byte> _name = name;
        private readonly ReadOnlySpan<byte> _value = value;

        public void Deconstruct(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
        {
            name = _name;
            value = _value;
        }
    }
}
