using AlbEmulator.Metrics;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Hosting;

/// <summary>
/// The admin endpoint (<c>--admin-url</c>, loopback by default): <c>GET /healthz</c> (liveness) and
/// <c>GET /metrics</c> (Prometheus text, docs/metrics.md). The ELBv2 API (<c>POST /</c>) and <c>/targets</c>
/// come with their issues.
/// </summary>
internal static class AdminEndpoint
{
    public static Task HandleAsync(HttpContext context, AlbRuntime runtime, MetricsCollector metrics)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) && request.Path == "/healthz")
        {
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync($"ok {runtime.Current.Identifiers.LoadBalancerFullName}\n");
        }

        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && request.Path == "/metrics")
        {
            context.Response.ContentType = PrometheusTextWriter.ContentType;
            return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : context.Response.WriteAsync(metrics.RenderPrometheus());
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
