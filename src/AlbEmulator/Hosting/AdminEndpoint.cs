using System.Text.Json;
using AlbEmulator.ControlPlane;
using AlbEmulator.Metrics;
using AlbEmulator.Pipeline;
using AlbEmulator.TargetGroups;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AlbEmulator.Hosting;

/// <summary>
/// The admin endpoint (<c>--admin-url</c>, loopback by default): <c>GET /healthz</c> (liveness) and
/// <c>GET /targets</c> (target health) and <c>GET /metrics</c> (Prometheus text, docs/metrics.md),
/// the ELBv2 Query API at <c>POST /</c> (docs/control-plane.md), and for authentication
/// <c>GET /public-keys/{kid}</c> and the built-in identity provider under <c>/idp</c> (docs/authentication.md), and
/// the web console at <c>GET /</c> with its JSON under <c>/api/</c> (WebConsole/, docs/console.md).
/// </summary>
internal static class AdminEndpoint
{
    public static Task HandleAsync(HttpContext context, AlbRuntime runtime, MetricsCollector metrics, AlbControlPlane? controlPlane, Func<HttpContext, Task>? wafApi = null)
    {
        var request = context.Request;
        if (AdminRequestGuard.Check(context) is { } refusal)
        {
            return ElbApiEndpoint.WriteErrorAsync(context, refusal);
        }

        if (WebConsole.ConsoleEndpoint.Handles(request) && context.RequestServices.GetService<WebConsole.ConsoleEndpoint>() is { } console)
        {
            // The web console: the page at GET / and its JSON under /api (docs/console.md).
            return console.HandleAsync(context);
        }

        if (HttpMethods.IsPost(request.Method) && request.Path == "/" && wafApi is not null && Waf.WafApiEndpoint.IsWafRequest(request))
        {
            // The WAFv2 JSON API beside ELBv2 (X-Amz-Target: AWSWAF_20190729.*; Waf/WafApiEndpoint).
            return wafApi(context);
        }

        if (HttpMethods.IsPost(request.Method) && request.Path == "/" && controlPlane is not null)
        {
            return ElbApiEndpoint.HandleAsync(context, controlPlane);
        }

        if (HttpMethods.IsGet(request.Method) && request.Path == "/healthz")
        {
            context.Response.ContentType = "text/plain";
            // "ok" and every load balancer's app/name/id, space-separated (just "ok" when none exists).
            return context.Response.WriteAsync(string.Join(' ', runtime.Current.LoadBalancers.Select(lb => lb.Identifiers.LoadBalancerFullName).Prepend("ok")) + "\n");
        }

        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && request.Path == "/metrics")
        {
            context.Response.ContentType = PrometheusTextWriter.ContentType;
            return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : context.Response.WriteAsync(metrics.RenderPrometheus());
        }

        if (HttpMethods.IsGet(request.Method) && request.Path == "/targets")
        {
            return WriteTargetsAsync(context);
        }

        // Authentication (docs/authentication.md): the x-amzn-oidc-data public keys and the built-in identity provider.
        if (request.Path.StartsWithSegments("/public-keys", out var kid) && HttpMethods.IsGet(request.Method))
        {
            return WritePublicKeyAsync(context, kid.Value?.TrimStart('/') ?? "");
        }

        // Trust-store content (the Location of GetTrustStoreCaCertificatesBundle / GetTrustStoreRevocationContent).
        if (request.Path.StartsWithSegments(ControlPlane.Operations.TrustStoreOperations.ContentPath, out var trustStorePath) && HttpMethods.IsGet(request.Method) && controlPlane is not null)
        {
            return WritePemAsync(context, ControlPlane.Operations.TrustStoreOperations.ServedContent(controlPlane.State.Model.Config, trustStorePath.Value ?? ""));
        }

        if (request.Path.StartsWithSegments(IdentityProvider.IdentityProviderEndpoint.PathPrefix))
        {
            return IdentityProvider.IdentityProviderEndpoint.HandleAsync(context, context.RequestServices.GetRequiredService<IdentityProvider.BuiltInIdentityProvider>());
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    /// <summary><c>GET /public-keys/{kid}</c>: the PEM of the key that signs x-amzn-oidc-data (the local public-keys.auth.elb.{region}.amazonaws.com).</summary>
    private static Task WritePublicKeyAsync(HttpContext context, string kid) =>
        WritePemAsync(context, context.RequestServices.GetRequiredService<Authentication.AuthenticationKeys>().PublicKeyPem(kid));

    private static Task WritePemAsync(HttpContext context, string? pem)
    {
        if (pem is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        context.Response.ContentType = "application/x-pem-file";
        return context.Response.WriteAsync(pem);
    }

    /// <summary><c>GET /targets</c>: describe-target-health of every target group, as JSON (config-format.md §1).</summary>
    private static async Task WriteTargetsAsync(HttpContext context)
    {
        var registry = context.RequestServices.GetRequiredService<TargetRegistry>();
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, new JsonWriterOptions { Indented = true });
        TargetHealthJson.Write(writer, registry);
        await writer.FlushAsync(context.RequestAborted);
    }
}
