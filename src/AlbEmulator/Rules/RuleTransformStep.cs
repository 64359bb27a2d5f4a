using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Rules;

/// <summary>
/// Runs the matched rule's transforms on a request (ACT-40), after the rule matched and before its
/// action. The request itself is not modified: the results go on <see cref="AlbRequestState"/>
/// (<c>TransformedHost</c>, <c>TransformedUri</c>, <c>RequestTransformStatus</c>), which forwarding (Host
/// header and URL sent to the target), redirects (their <c>#{host}</c>, <c>#{path}</c>, <c>#{query}</c>)
/// and the access log (fields 31–33; the request line stays the client's) read.
/// </summary>
public sealed class RuleTransformStep : IRequestTransformStep
{
    /// <summary>The transforms slot of the lifecycle: nothing to do for rules without transforms (no allocation).</summary>
    public ValueTask<ActionOutcome> InvokeAsync(HttpContext context, AlbRequestState state)
    {
        if (state.Rule is not { Transforms.IsEmpty: false } rule)
        {
            return ValueTask.FromResult(ActionOutcome.Continue);
        }

        return ValueTask.FromResult(Apply(context, state, rule.Transforms)
            ? ActionOutcome.Continue
            : ActionOutcome.Reject(Errors.AlbError.TransformFailed, $"rule transform failed: {state.RequestTransformStatus}"));
    }

    /// <summary>False when a transform matched but failed: the request is answered 500 (the status is on the state).</summary>
    public static bool Apply(HttpContext context, AlbRequestState state, RuleTransforms transforms)
    {
        var (path, query) = RequestFacts.SplitTarget(RequestFacts.RawTarget(context));
        var result = transforms.Apply(RequestFacts.OriginalHost(context), query.Length == 0 ? path : path + "?" + query);
        state.RequestTransformStatus = result.Status;
        if (result.IsFailure)
        {
            return false;
        }

        state.TransformedHost = result.Host;
        state.TransformedUri = result.Uri;
        return true;
    }

    /// <summary>The target URL for a rewritten path and query, kept as written (no decoding or re-encoding).</summary>
    public static Uri DestinationAddress(string destinationPrefix, string pathAndQuery)
    {
        var prefix = destinationPrefix.EndsWith('/') ? destinationPrefix[..^1] : destinationPrefix;
        return new Uri(prefix + pathAndQuery, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
    }
}
