using System.Buffers;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Desync;

/// <summary>
/// <c>routing.http.drop_invalid_header_fields.enabled</c> (HDR-50; the older mechanism beside desync mitigation, DSY-6):
/// when the load balancer has it on, request header fields whose name is not letters, digits and hyphens
/// (<c>[-A-Za-z0-9]+</c>: <c>X_Custom</c>, <c>x.trace</c>) are removed before anything else looks at the request, so
/// rule conditions, authentication, AWS WAF, targets and Lambda functions never see them. The first step of the
/// request lifecycle's pre-routing slot; off (the default) it reads one setting and returns.
/// </summary>
public sealed class InvalidHeaderFieldsStep : IPreRoutingStep
{
    private static readonly SearchValues<char> ValidNameChars =
        SearchValues.Create("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public ValueTask<ActionOutcome> InvokeAsync(HttpContext context, AlbRequestState state)
    {
        if (state.LoadBalancer.Settings.DropInvalidHeaderFields)
        {
            Drop(context.Request.Headers);
        }

        return ValueTask.FromResult(ActionOutcome.Continue);
    }

    /// <summary>Whether ALB keeps a header field named <paramref name="name"/> with the attribute on.</summary>
    public static bool IsValidName(string name) => name.Length > 0 && !name.AsSpan().ContainsAnyExcept(ValidNameChars);

    /// <summary>Removes every field with an invalid name; allocates only when there is one.</summary>
    public static void Drop(IHeaderDictionary headers)
    {
        List<string>? invalid = null;
        foreach (var header in headers)
        {
            if (!IsValidName(header.Key))
            {
                (invalid ??= []).Add(header.Key);
            }
        }

        if (invalid is null)
        {
            return;
        }

        foreach (var name in invalid)
        {
            headers.Remove(name);
        }
    }
}
