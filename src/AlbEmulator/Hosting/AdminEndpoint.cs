using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Hosting;

/// <summary>
/// The admin endpoint (<c>--admin-url</c>, loopback by default): <c>GET /healthz</c> (liveness). The ELBv2
/// API (<c>POST /</c>), <c>/metrics</c> and <c>/targets</c> come with their issues.
/// </summary>
internal static class AdminEndpoint
{
    public static Task HandleAsync(HttpContext context, AlbRuntime runtime)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) && request.Path == "/healthz")
        {
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync($"ok {runtime.Current.Identifiers.LoadBalancerFullName}\n");
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
