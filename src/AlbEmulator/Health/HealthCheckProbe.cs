using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using AlbEmulator.Model;

namespace AlbEmulator.Health;

/// <summary>
/// Sends one health check as ALB does (HC-10..HC-13): a new connection per check, closed afterwards;
/// <c>GET HealthCheckPath</c> with <c>Host: ip[:port]</c>, <c>User-Agent: ELB-HealthChecker/2.0</c>,
/// <c>Accept: */*</c> and <c>Connection: close</c> over HTTP/1.1 for HTTP1 groups, over HTTP/2 for
/// HTTP2 groups, and for GRPC groups a real gRPC call (POST, <c>content-type: application/grpc</c>,
/// <c>te: trailers</c>, an empty 5-byte message) judged by <c>grpc-status</c>. Certificates are not
/// validated (HC-13).
/// </summary>
public static class HealthCheckProbe
{
    public const string UserAgent = "ELB-HealthChecker/2.0";

    /// <summary>An empty gRPC message: not compressed, length 0.</summary>
    private static readonly byte[] EmptyGrpcMessage = new byte[5];

    public static Task<HealthCheckResult> CheckAsync(HealthCheckSettings settings, TargetModel target, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        CheckAsync(settings, target, timeout, time, null, cancellationToken);

    /// <summary>
    /// One check; <paramref name="connection"/>, when given, carries it instead of a new socket (a target group
    /// whose connections go to an in-memory app, <c>AlbEmulatorOptions.TargetInvokers</c>). It is not disposed.
    /// </summary>
    public static async Task<HealthCheckResult> CheckAsync(HealthCheckSettings settings, TargetModel target, TimeSpan timeout, TimeProvider time, HttpMessageInvoker? connection, CancellationToken cancellationToken)
    {
        var port = settings.PortFor(target.Port);
        using var handler = connection is not null ? null : new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ActivityHeadersPropagator = null,
            ConnectTimeout = timeout + TimeSpan.FromSeconds(1),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
        };
        using var ownInvoker = handler is null ? null : new HttpMessageInvoker(handler, disposeHandler: false);
        var invoker = connection ?? ownInvoker!;
        using var request = BuildRequest(settings, target.Id, port);
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);

        try
        {
            using var response = await invoker.SendAsync(request, linked.Token).ConfigureAwait(false);
            if (!settings.Grpc)
            {
                await response.Content.CopyToAsync(Stream.Null, linked.Token).ConfigureAwait(false);
                var code = (int)response.StatusCode;
                return settings.Matcher.Matches(code) ? HealthCheckResult.Passed(code) : HealthCheckResult.Mismatch(code);
            }

            await response.Content.CopyToAsync(Stream.Null, linked.Token).ConfigureAwait(false);
            var status = GrpcStatus(response);
            var httpStatus = (int)response.StatusCode;
            if (status is null)
            {
                // No grpc-status: not a gRPC answer (for example a plain HTTP error) [EMU].
                return response.StatusCode == HttpStatusCode.OK ? HealthCheckResult.Failure(httpStatus) : HealthCheckResult.Mismatch(httpStatus);
            }

            return settings.Matcher.Matches(status.Value) ? HealthCheckResult.Passed(httpStatus, status) : HealthCheckResult.Mismatch(httpStatus, status);
        }
        catch (Exception) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.TimedOut;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            return HealthCheckResult.Failed;
        }
    }

    /// <summary>The request of one check (HC-10..HC-12).</summary>
    public static HttpRequestMessage BuildRequest(HealthCheckSettings settings, string targetId, int port)
    {
        var scheme = settings.Https ? "https" : "http";
        var host = targetId.Contains(':', StringComparison.Ordinal) && !targetId.StartsWith('[') ? $"[{targetId}]" : targetId;
        var request = new HttpRequestMessage(settings.Grpc ? HttpMethod.Post : HttpMethod.Get, new Uri($"{scheme}://{host}:{port.ToString(CultureInfo.InvariantCulture)}{settings.Path}"))
        {
            Version = settings.Http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        // HC-11: the port is omitted when it is the protocol's default (443 for HTTPS is UNCONFIRMED).
        var defaultPort = settings.Https ? 443 : 80;
        request.Headers.Host = port == defaultPort ? host : $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (settings.Grpc)
        {
            request.Headers.TryAddWithoutValidation("TE", "trailers");
            request.Content = new ByteArrayContent(EmptyGrpcMessage);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            return request;
        }

        request.Headers.TryAddWithoutValidation("Accept", "*/*");
        if (!settings.Http2)
        {
            // HC-10, HC-12: one connection per check, closed after it.
            request.Headers.ConnectionClose = true;
        }

        return request;
    }

    /// <summary><c>grpc-status</c> from the trailers, or from the headers of a trailers-only response.</summary>
    private static int? GrpcStatus(HttpResponseMessage response)
    {
        foreach (var headers in (HttpHeaders[])[response.TrailingHeaders, response.Headers])
        {
            if (headers.TryGetValues("grpc-status", out var values)
                && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                return status;
            }
        }

        return null;
    }
}
