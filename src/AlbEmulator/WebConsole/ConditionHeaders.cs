using System.Runtime.CompilerServices;
using AlbEmulator.Model;

namespace AlbEmulator.WebConsole;

/// <summary>
/// The header names a listener's http-header conditions look at, worked out once per listener snapshot:
/// the request trail keeps those headers' values so the explorer can say why a rule did not match.
/// Listeners without such conditions get the empty array (nothing is kept).
/// </summary>
internal static class ConditionHeaders
{
    private static readonly ConditionalWeakTable<ListenerModel, string[]> Cache = new();

    public static string[] For(ListenerModel listener) =>
        Cache.TryGetValue(listener, out var names) ? names : Cache.GetValue(listener, Compute);

    private static string[] Compute(ListenerModel listener) =>
        [.. listener.Config.Rules
            .SelectMany(r => r.Conditions)
            .Where(c => string.Equals(c.Field, "http-header", StringComparison.OrdinalIgnoreCase) && c.HttpHeaderConfig?.HttpHeaderName is not null)
            .Select(c => c.HttpHeaderConfig!.HttpHeaderName!)
            .Distinct(StringComparer.OrdinalIgnoreCase)];
}
