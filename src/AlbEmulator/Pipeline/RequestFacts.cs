using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.Pipeline;

/// <summary>Request facts as received on the wire, before ASP.NET Core decodes anything.</summary>
public static class RequestFacts
{
    /// <summary>The request target as sent (<c>/a%20b?x=1</c>, or the absolute form).</summary>
    public static string RawTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return string.IsNullOrEmpty(raw) ? context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent() : raw;
    }

    /// <summary>Splits a request target into the raw path and the raw query (without <c>?</c>).</summary>
    public static (string Path, string Query) SplitTarget(string rawTarget)
    {
        var target = rawTarget;
        if (!target.StartsWith('/') && TryGetAbsoluteFormParts(target, out _, out var pathAndQuery))
        {
            target = pathAndQuery;
        }

        var question = target.IndexOf('?');
        return question < 0 ? (target, "") : (target[..question], target[(question + 1)..]);
    }

    /// <summary>
    /// The host the client addressed: the authority of an absolute-form target (HDR-20), else the
    /// first Host header (or HTTP/2 :authority); null when there is none.
    /// </summary>
    public static string? OriginalHost(HttpContext context)
    {
        var host = context.Request.Headers.Host;
        return OriginalHost(context.Features.Get<IHttpRequestFeature>()?.RawTarget, host.Count > 0 ? host[0] : null);
    }

    /// <summary>The same for a head read on the wire: the request target as sent and the first Host header.</summary>
    public static string? OriginalHost(string? rawTarget, string? host) =>
        rawTarget is { Length: > 0 } && rawTarget[0] != '/' && TryGetAbsoluteFormParts(rawTarget, out var authority, out _)
            ? authority
            : string.IsNullOrEmpty(host) ? null : host;

    private static bool TryGetAbsoluteFormParts(string target, out string authority, out string pathAndQuery)
    {
        var schemeEnd = target.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            authority = "";
            pathAndQuery = target;
            return false;
        }

        var start = schemeEnd + 3;
        var end = target.IndexOfAny(['/', '?'], start);
        authority = end < 0 ? target[start..] : target[start..end];
        pathAndQuery = end < 0 ? "/" : target[end] == '?' ? "/" + target[end..] : target[end..];
        return true;
    }
}
