using System.Text;
using System.Text.RegularExpressions;
using AlbEmulator.Errors;
using AlbEmulator.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Waf;

/// <summary>
/// The load balancer's side of AWS WAF: the step in the request lifecycle's pre-routing slot
/// (<see cref="IPreRoutingStep"/>, Pipeline/RequestLifecycle), after the wire and before-routing checks and
/// before rule matching and authentication. When a web ACL is associated with the load balancer, send it the
/// request (the first 8 KB of the body included), then
/// <list type="bullet">
/// <item>Block: ALB's 403 page (ERR-403) or the rule's custom response; <c>actions_executed</c> <c>waf</c>,
/// <c>target:port</c> <c>-</c>.</item>
/// <item>Allow (by rule or default action): insert the <c>x-amzn-waf-*</c> headers and go on; the access log
/// then says <c>waf,forward</c> (or <c>waf,</c> + whatever action the listener rule runs).</item>
/// <item>WAF failed: 500 with the <c>WAF*</c> error reason and <c>actions_executed</c> <c>waf-failed</c>, or, with
/// <c>waf.fail_open.enabled</c>, go on as if allowed (<c>waf-failed,forward</c>).</item>
/// </list>
/// Every evaluation is counted in the WAF metrics and written to the WAF log when one is configured.
/// </summary>
public sealed partial class WafStep : IPreRoutingStep
{
    /// <summary>The error reasons ALB logs when it cannot use WAF (alb-observability-api.md §1.7).</summary>
    public static readonly IReadOnlyList<string> FailureReasons =
        ["WAFConnectionError", "WAFConnectionTimeout", "WAFResponseReadTimeout", "WAFServiceError", "WAFUnhandledException"];

    private readonly WafRegistry _registry;
    private readonly WafMetrics? _metrics;
    private readonly WafLogWriter? _log;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string? _fault;

    public WafStep(WafRegistry registry, WafMetrics? metrics, WafLogWriter? log, TimeProvider time, ILogger logger, string? fault = null)
    {
        _registry = registry;
        _metrics = metrics;
        _log = log;
        _time = time;
        _logger = logger;
        _fault = fault;
    }

    public WafRegistry Registry => _registry;

    /// <summary>The WAF log (<c>--waf-log</c>), or null.</summary>
    public WafLogWriter? Log => _log;

    /// <summary>Continue when no web ACL is associated (no allocation) or WAF allowed the request; else the answer.</summary>
    public ValueTask<ActionOutcome> InvokeAsync(HttpContext context, AlbRequestState state)
    {
        if (!_registry.HasAssociations || _registry.ForLoadBalancer(state.LoadBalancer.Identifiers.LoadBalancerName) is not { } acl)
        {
            return ValueTask.FromResult(ActionOutcome.Continue);
        }

        return EvaluateAsync(context, state, acl);
    }

    private async ValueTask<ActionOutcome> EvaluateAsync(HttpContext context, AlbRequestState state, WebAcl acl)
    {
        WafVerdict verdict;
        WafRequest request;
        try
        {
            if (_fault is not null)
            {
                throw new WafFaultException(_fault);
            }

            request = await ReadRequestAsync(context);
            verdict = acl.Evaluate(request, _time.GetUtcNow());
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            var reason = e switch
            {
                WafFaultException fault => fault.Reason,
                RegexMatchTimeoutException => "WAFResponseReadTimeout",
                _ => "WAFUnhandledException",
            };
            state.ErrorReason = reason;
            state.RecordActionExecuted("waf-failed");
            var failOpen = state.LoadBalancer.Settings.WafFailOpen;
            LogWafFailure(_logger, acl.Name, reason, e.Message, failOpen ? "waf.fail_open.enabled is true: forwarding" : "answering 500 (set waf.fail_open.enabled to forward instead)");
            return failOpen ? ActionOutcome.Continue : ActionOutcome.Reject(AlbError.WafFailed, $"Web ACL '{acl.Name}': {reason}.");
        }

        state.RecordActionExecuted("waf");
        _metrics?.Record(acl, verdict);
        int? responseCode = null;
        if (verdict.Blocks)
        {
            responseCode = verdict.Action.CustomResponse?.StatusCode ?? (verdict.Action.Kind switch { WafActionKind.Captcha => 405, WafActionKind.Challenge => 202, _ => (int?)null });
            LogWafBlock(_logger, acl.Name, verdict.TerminatingRuleId, verdict.Action.LogName, request.Method, request.UriPath);
        }

        _log?.Write(acl, verdict, request, new WafLogContext(
            $"{state.LoadBalancer.Identifiers.AccountId}-{state.LoadBalancer.Identifiers.LoadBalancerFullName}",
            state.TraceId ?? "-",
            _time.GetUtcNow().ToUnixTimeMilliseconds(),
            verdict.Action.CustomResponse is not null ? responseCode : null));

        if (!verdict.Blocks)
        {
            var headers = context.Request.Headers;
            foreach (var header in verdict.InsertedHeaders)
            {
                headers[header.Key] = header.Value;
            }

            return ActionOutcome.Continue;
        }

        if (verdict.Action.Kind == WafActionKind.Block && verdict.Action.CustomResponse is null)
        {
            return ActionOutcome.Reject(AlbError.WafBlocked, $"Rule '{verdict.TerminatingRuleId}' of web ACL '{acl.Name}' blocked it.");
        }

        return ActionOutcome.Respond(CustomResponse(verdict, responseCode!.Value));
    }

    /// <summary>A custom response (status, headers, body), or the local stand-in page of a CAPTCHA (405) or Challenge (202).</summary>
    private static AlbGeneratedResponse CustomResponse(WafVerdict verdict, int statusCode)
    {
        var custom = verdict.Action.CustomResponse;
        var body = verdict.ResponseBody;
        var (contentType, bytes) = body is not null
            ? (body.MediaType, Encoding.UTF8.GetBytes(body.Content))
            : custom is not null
                ? ((string?)null, Array.Empty<byte>())
                : ("text/html", Encoding.ASCII.GetBytes(verdict.Action.Kind == WafActionKind.Captcha
                    ? "<html><body>AWS WAF CAPTCHA (AlbEmulator: no puzzle can be solved locally; the request was not forwarded)</body></html>\r\n"
                    : "<html><body>AWS WAF challenge (AlbEmulator: no token can be acquired locally; the request was not forwarded)</body></html>\r\n"));
        return new AlbGeneratedResponse(statusCode, ReasonPhrases.Get(statusCode), contentType, bytes) { Headers = custom?.Headers };
    }

    /// <summary>What WAF receives: method, raw path and query, headers, client address, and the first 8 KB of the body.</summary>
    private async Task<WafRequest> ReadRequestAsync(HttpContext context)
    {
        var (path, query) = RequestFacts.SplitTarget(RequestFacts.RawTarget(context));
        var headers = new List<KeyValuePair<string, string>>(context.Request.Headers.Count);
        foreach (var header in context.Request.Headers)
        {
            foreach (var value in header.Value)
            {
                headers.Add(new(header.Key, value ?? ""));
            }
        }

        var body = "";
        var oversize = false;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? context.Request.ContentLength > 0)
        {
            var buffer = new byte[WafRequest.BodyInspectionLimit + 1];
            var read = 0;
            try
            {
                int n;
                while (read < buffer.Length && (n = await context.Request.Body.ReadAsync(buffer.AsMemory(read), context.RequestAborted)) > 0)
                {
                    read += n;
                }
            }
            catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException)
            {
                // The client stalled, closed or framed the body badly: not a WAF failure. WAF inspects what
                // arrived; forwarding then meets the same error and answers as it does without WAF.
            }

            oversize = read > WafRequest.BodyInspectionLimit;
            body = Encoding.Latin1.GetString(buffer, 0, Math.Min(read, WafRequest.BodyInspectionLimit));
            context.Request.Body = new PrefixedReadStream(buffer, read, context.Request.Body);
        }

        return new WafRequest(context.Request.Method, path, query, headers, context.Connection.RemoteIpAddress ?? System.Net.IPAddress.None, body, oversize, context.Request.Protocol)
        {
            Geo = _registry.Geo,
        };
    }

    private sealed class WafFaultException(string reason) : Exception($"[ext] --waf-fault {reason}: the emulator simulates a WAF failure")
    {
        public string Reason { get; } = reason;
    }

    [LoggerMessage(EventId = 770, Level = LogLevel.Information, Message = "AWS WAF web ACL '{WebAcl}' {Action}: rule '{Rule}' terminated {Method} {Path}")]
    private static partial void LogWafBlockCore(ILogger logger, string webAcl, string action, string rule, string method, string path);

    private static void LogWafBlock(ILogger logger, string webAcl, string rule, string action, string method, string path) =>
        LogWafBlockCore(logger, webAcl, action, rule, method, path);

    [LoggerMessage(EventId = 771, Level = LogLevel.Warning, Message = "AWS WAF web ACL '{WebAcl}' failed ({ErrorReason}: {Detail}); {Outcome}")]
    private static partial void LogWafFailure(ILogger logger, string webAcl, string errorReason, string detail, string outcome);
}
