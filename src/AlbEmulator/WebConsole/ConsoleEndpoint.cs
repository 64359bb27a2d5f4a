using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AlbEmulator.Model;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.WebConsole;

/// <summary>
/// The web console on the admin endpoint (docs/console.md): the page at <c>GET /</c> with its script and
/// style sheet (embedded in the assembly, no network), and the JSON it reads under <c>/api/</c>. Every
/// path is read-only (GET/HEAD) and passes the admin endpoint's Host/Origin/Sec-Fetch-Site checks first.
/// </summary>
public sealed class ConsoleEndpoint
{
    /// <summary>The documented API paths (<c>GET /api</c> lists them; docs/console.md describes them).</summary>
    public static readonly IReadOnlyList<(string Path, string What)> ApiPaths =
    [
        ("/api/load-balancers", "the resource map: load balancers, listeners, rules, target groups, targets and their health (?view=unhealthy for the Unhealthy Target Map)"),
        ("/api/requests", "the last requests with their access-log fields, newest first (?status=5xx|502, listener=80|HTTP:80, targetGroup=NAME, path=/prefix, after=SEQUENCE, limit=N)"),
        ("/api/requests/{id}", "one request and its decision trail; id is the sequence number or the X-Amzn-Trace-Id (or its Root)"),
        ("/api/reason-codes", "every target-health reason code with what it means and what to check"),
        ("/api/export.pdf", "the resource map as a PDF download (?view=overview|unhealthy, details=true|false)"),
    ];

    /// <summary>The JSON of every <c>/api</c> answer: source-generated (<see cref="ConsoleJsonContext"/>), so it works in the
    /// Native AOT binary, where reflection-based serialisation is off.</summary>
    private static readonly ConsoleJsonContext Json = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Served as application/json with nosniff: quotes and '<' stay readable for scripts and people.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    });

    private static readonly ConsoleApiIndex Index = new([.. ApiPaths.Select(p => new ConsoleApiPath(p.Path, p.What))]);

    private static readonly Dictionary<string, (string Resource, string ContentType)> Assets = new(StringComparer.Ordinal)
    {
        ["/"] = ("index.html", "text/html; charset=utf-8"),
        ["/console/console.css"] = ("console.css", "text/css; charset=utf-8"),
        ["/console/console.js"] = ("console.js", "text/javascript; charset=utf-8"),
    };

    private readonly Func<(IReadOnlyList<LoadBalancerModel> LoadBalancers, IEnumerable<TargetGroupModel> TargetGroups)> _resources;
    private readonly RequestTrail _trail;
    private readonly TimeProvider _time;

    /// <param name="resources">The current snapshot's load balancers and every target group (target groups are account resources).</param>
    /// <param name="trail">The request explorer's ring.</param>
    /// <param name="time">The clock of the map's time stamp and the export's file name.</param>
    public ConsoleEndpoint(Func<(IReadOnlyList<LoadBalancerModel> LoadBalancers, IEnumerable<TargetGroupModel> TargetGroups)> resources, RequestTrail trail, TimeProvider time)
    {
        _resources = resources;
        _trail = trail;
        _time = time;
    }

    /// <summary>Whether the request is for the console (the page, its assets or <c>/api</c>).</summary>
    public static bool Handles(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && (Assets.ContainsKey(request.Path.Value ?? "") || request.Path.StartsWithSegments("/api"));

    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        if (Assets.TryGetValue(request.Path.Value ?? "", out var asset))
        {
            // The page loads nothing from elsewhere and may not be framed by another site.
            response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";
            response.Headers.XFrameOptions = "DENY";
            return WriteAsync(context, ConsoleAssets.Get(asset.Resource), asset.ContentType);
        }

        var path = request.Path.Value!.TrimEnd('/');
        var query = request.Query;
        switch (path)
        {
            case "/api":
                return WriteJsonAsync(context, Index);
            case "/api/load-balancers":
                return WriteJsonAsync(context, View(query["view"].ToString()));
            case "/api/reason-codes":
                return WriteJsonAsync(context, new ReasonCodesView(ReasonCodes.All));
            case "/api/requests":
                return WriteJsonAsync(context, Requests(query));
            case "/api/export.pdf":
                return ExportAsync(context);
        }

        if (path.StartsWith("/api/requests/", StringComparison.Ordinal))
        {
            var id = Uri.UnescapeDataString(path["/api/requests/".Length..]);
            if (_trail.Find(id) is { } entry)
            {
                return WriteJsonAsync(context, new RequestTrailView(DecisionTrail.Summarize(entry), DecisionTrail.Explain(entry)));
            }

            return WriteJsonAsync(context, new ConsoleMessage($"No recorded request '{id}': the explorer keeps the last {_trail.Capacity} requests (--request-history)."), StatusCodes.Status404NotFound);
        }

        return WriteJsonAsync(context, new ConsoleMessage($"Unknown console path {path}; GET /api lists them."), StatusCodes.Status404NotFound);
    }

    /// <summary>The current resource map, or its Unhealthy Target Map view.</summary>
    public ResourceMapView View(string? view)
    {
        var (loadBalancers, targetGroups) = _resources();
        var map = ResourceMap.Build(loadBalancers, targetGroups, _time.GetUtcNow());
        return string.Equals(view, "unhealthy", StringComparison.OrdinalIgnoreCase) ? ResourceMap.UnhealthyOnly(map) : map;
    }

    private RequestListView Requests(IQueryCollection query)
    {
        var after = long.TryParse(query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : 0;
        var limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
        var status = query["status"].ToString();
        var listener = query["listener"].ToString();
        var targetGroup = query["targetGroup"].ToString();
        var path = query["path"].ToString();
        var entries = _trail.Snapshot(after);
        var result = new List<RequestSummary>();
        for (var i = entries.Length - 1; i >= 0 && result.Count < limit; i--)
        {
            var summary = DecisionTrail.Summarize(entries[i]);
            if (StatusMatches(summary, status)
                && (listener.Length == 0 || summary.Listener == listener || summary.Listener.EndsWith(":" + listener, StringComparison.Ordinal) || summary.ListenerArn == listener)
                && (targetGroup.Length == 0 || string.Equals(summary.TargetGroup, targetGroup, StringComparison.Ordinal) || (entries[i].TargetGroup?.Arn == targetGroup))
                && (path.Length == 0 || summary.Path.StartsWith(path, StringComparison.Ordinal)))
            {
                result.Add(summary);
            }
        }

        return new RequestListView(_trail.Capacity, _trail.LastSequence, result);
    }

    private static bool StatusMatches(RequestSummary summary, string status)
    {
        if (status.Length == 0)
        {
            return true;
        }

        var code = summary.ElbStatusCode.ToString(CultureInfo.InvariantCulture);
        return status.Length == 3 && status.EndsWith("xx", StringComparison.OrdinalIgnoreCase) ? code[0] == status[0] : code == status;
    }

    private Task ExportAsync(HttpContext context)
    {
        var view = string.Equals(context.Request.Query["view"], "unhealthy", StringComparison.OrdinalIgnoreCase) ? "unhealthy" : "overview";
        var details = string.Equals(context.Request.Query["details"], "true", StringComparison.OrdinalIgnoreCase);
        byte[] pdf;
        try
        {
            pdf = ResourceMapPdf.Render(View(view), view == "unhealthy" ? "Unhealthy Target Map" : "Overview", details);
        }
        catch (InvalidOperationException e)
        {
            return WriteJsonAsync(context, new ConsoleMessage(e.Message), StatusCodes.Status503ServiceUnavailable);
        }

        var stamp = _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"resource-map-{view}-{stamp}.pdf\"";
        return WriteAsync(context, pdf, "application/pdf");
    }

    private static Task WriteJsonAsync(HttpContext context, object value, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        return WriteAsync(context, ToJson(value), "application/json; charset=utf-8");
    }

    /// <summary>The bytes of one <c>/api</c> answer; <paramref name="value"/>'s type is one of <see cref="ConsoleJsonContext"/>'s.</summary>
    internal static byte[] ToJson(object value) => JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Json);

    private static Task WriteAsync(HttpContext context, byte[] body, string contentType)
    {
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}

/// <summary><c>GET /api/requests/{id}</c>: the request's access-log fields and its decision trail.</summary>
public sealed record RequestTrailView(RequestSummary Request, IReadOnlyList<TrailStep> Trail);

/// <summary><c>GET /api</c>: the documented paths.</summary>
internal sealed record ConsoleApiIndex(IReadOnlyList<ConsoleApiPath> Paths);

/// <summary>One documented console path.</summary>
internal sealed record ConsoleApiPath(string Path, string Description);

/// <summary><c>GET /api/reason-codes</c>.</summary>
internal sealed record ReasonCodesView(IReadOnlyList<ReasonCodeAdvice> ReasonCodes);

/// <summary><c>GET /api/requests</c>: the ring's size, its last sequence number and the matching requests, newest first.</summary>
internal sealed record RequestListView(int Capacity, long LastSequence, IReadOnlyList<RequestSummary> Requests);

/// <summary>Why a console path has no answer (404, 503).</summary>
internal sealed record ConsoleMessage(string Message);

/// <summary>
/// Every type a console <c>/api</c> path answers with. Source-generated metadata instead of reflection (the Native AOT
/// binary has no reflection-based serialisation); the options match <see cref="ConsoleEndpoint"/>'s, so the bytes are
/// those reflection wrote (ConsoleJsonTests compares the two).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(ConsoleApiIndex))]
[JsonSerializable(typeof(ResourceMapView))]
[JsonSerializable(typeof(ReasonCodesView))]
[JsonSerializable(typeof(RequestListView))]
[JsonSerializable(typeof(RequestTrailView))]
[JsonSerializable(typeof(ConsoleMessage))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;

/// <summary>The console's page, script and style sheet, read once from the assembly's resources.</summary>
internal static class ConsoleAssets
{
    private static readonly Dictionary<string, byte[]> Cache = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    public static byte[] Get(string name)
    {
        lock (Gate)
        {
            if (!Cache.TryGetValue(name, out var bytes))
            {
                using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("AlbEmulator.WebConsole.Assets." + name)
                    ?? throw new InvalidOperationException($"The console asset {name} is missing from the assembly.");
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                bytes = copy.ToArray();
                Cache[name] = bytes;
            }

            return bytes;
        }
    }
}
