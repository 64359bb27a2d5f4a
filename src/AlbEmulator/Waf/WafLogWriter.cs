using System.Text;
using System.Text.Json;
using AlbEmulator.AccessLogs;
using Microsoft.Extensions.Logging;

namespace AlbEmulator.Waf;

/// <summary>Facts about the request that the WAF log carries besides the verdict.</summary>
public sealed record WafLogContext(string HttpSourceId, string RequestId, long TimestampMilliseconds, int? ResponseCodeSent);

/// <summary>
/// [ext] <c>--waf-log PATH</c>: one JSON object per line, in AWS WAF's log format (the fields of "Log fields
/// for web ACL traffic" in the AWS WAF Developer Guide: <c>timestamp</c>, <c>formatVersion</c>, <c>webaclId</c>,
/// <c>terminatingRuleId</c>, <c>terminatingRuleType</c>, <c>action</c>, <c>terminatingRuleMatchDetails</c>,
/// <c>httpSourceName</c> <c>ALB</c>, <c>httpSourceId</c>, <c>ruleGroupList</c>, <c>rateBasedRuleList</c>,
/// <c>nonTerminatingMatchingRules</c>, <c>requestHeadersInserted</c>, <c>responseCodeSent</c>,
/// <c>httpRequest</c>, <c>labels</c>), so the tools that read WAF logs from S3 or CloudWatch read these too.
/// <para>
/// Lines are formatted on the request and written by a background loop (<see cref="LogLineWriter"/>, the access log's
/// machinery: batched, flushed every 200 ms, a file sees only whole lines, in the order the requests wrote them), so
/// that no request waits for the file or for a slow reader of standard output. <see cref="LogLineWriter.DisposeAsync"/>
/// writes every queued line. [EMU] As AWS WAF's log delivery, best effort: the queue holds <see cref="QueueCapacity"/>
/// lines; a line that finds it full is dropped and counted (<see cref="LogLineWriter.LinesDropped"/>), with one warning
/// at the first drop and the total at shutdown.
/// </para>
/// </summary>
public sealed class WafLogWriter : LogLineWriter
{
    /// <summary>The most lines waiting to be written (a WAF log line is about 1 to 2 KB).</summary>
    public const int QueueCapacity = 16_384;

    /// <param name="path">A file (appended) or <c>-</c> for standard output.</param>
    /// <param name="time">The flush timer's clock.</param>
    /// <param name="logger">Sink failures and dropped lines.</param>
    public WafLogWriter(string path, TimeProvider time, ILogger<WafLogWriter> logger)
        : this(new TextAccessLogSink(path), time, logger)
    {
    }

    /// <param name="sink">Where lines go (<see cref="TextAccessLogSink"/> for <c>--waf-log</c>).</param>
    /// <param name="time">The flush timer's clock.</param>
    /// <param name="logger">Sink failures and dropped lines.</param>
    /// <param name="capacity">The queue's capacity (<see cref="QueueCapacity"/>; tests make it small).</param>
    public WafLogWriter(IAccessLogSink sink, TimeProvider time, ILogger<WafLogWriter> logger, int capacity = QueueCapacity)
        : base([sink], time, logger, capacity, "WAF log")
    {
    }

    /// <summary>Formats the request's line and queues it.</summary>
    public void Write(WebAcl acl, WafVerdict verdict, WafRequest request, WafLogContext context) =>
        Write(Format(acl, verdict, request, context));

    public static string Format(WebAcl acl, WafVerdict verdict, WafRequest request, WafLogContext context)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("timestamp", context.TimestampMilliseconds);
            json.WriteNumber("formatVersion", 1);
            json.WriteString("webaclId", acl.Arn);
            json.WriteString("terminatingRuleId", verdict.TerminatingRuleId);
            json.WriteString("terminatingRuleType", verdict.TerminatingRuleType);
            json.WriteString("action", verdict.Action.LogName);
            json.WriteStartArray("terminatingRuleMatchDetails");
            if (verdict.TerminatingDetail is { } detail)
            {
                WriteDetail(json, detail);
            }

            json.WriteEndArray();
            json.WriteString("httpSourceName", "ALB");
            json.WriteString("httpSourceId", context.HttpSourceId);
            json.WriteStartArray("ruleGroupList");
            foreach (var group in verdict.RuleGroups)
            {
                json.WriteStartObject();
                json.WriteString("ruleGroupId", group.RuleGroupId);
                if (group.TerminatingRule is { } terminating)
                {
                    json.WriteStartObject("terminatingRule");
                    json.WriteString("ruleId", terminating.RuleId);
                    json.WriteString("action", terminating.Action);
                    WriteDetails(json, "ruleMatchDetails", terminating.Detail);
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteNull("terminatingRule");
                }

                json.WriteStartArray("nonTerminatingMatchingRules");
                foreach (var match in group.NonTerminatingMatchingRules)
                {
                    WriteMatch(json, match);
                }

                json.WriteEndArray();
                if (group.ExcludedRules.Count == 0)
                {
                    json.WriteNull("excludedRules");
                }
                else
                {
                    json.WriteStartArray("excludedRules");
                    foreach (var excluded in group.ExcludedRules)
                    {
                        json.WriteStartObject();
                        json.WriteString("exclusionType", "EXCLUDED_AS_COUNT");
                        json.WriteString("ruleId", excluded);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("rateBasedRuleList");
            foreach (var rate in verdict.RateLimits)
            {
                json.WriteStartObject();
                json.WriteString("rateBasedRuleId", $"{acl.Arn}/{rate.RuleName}");
                json.WriteString("rateBasedRuleName", rate.RuleName);
                json.WriteString("limitKey", rate.LimitKey);
                json.WriteNumber("maxRateAllowed", rate.MaxRateAllowed);
                json.WriteNumber("evaluationWindowSec", rate.EvaluationWindowSec);
                if (rate.LimitKey is "IP" or "FORWARDED_IP" && rate.LimitValues.Count == 1)
                {
                    json.WriteString("limitValue", rate.LimitValues[0]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("nonTerminatingMatchingRules");
            foreach (var match in verdict.NonTerminatingMatchingRules)
            {
                WriteMatch(json, match);
            }

            json.WriteEndArray();
            if (verdict.InsertedHeaders.Count == 0)
            {
                json.WriteNull("requestHeadersInserted");
            }
            else
            {
                json.WriteStartArray("requestHeadersInserted");
                foreach (var header in verdict.InsertedHeaders)
                {
                    json.WriteStartObject();
                    json.WriteString("name", header.Key);
                    json.WriteString("value", header.Value);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            if (context.ResponseCodeSent is { } code)
            {
                json.WriteNumber("responseCodeSent", code);
            }
            else
            {
                json.WriteNull("responseCodeSent");
            }

            json.WriteStartObject("httpRequest");
            json.WriteString("clientIp", (request.ClientIp.IsIPv4MappedToIPv6 ? request.ClientIp.MapToIPv4() : request.ClientIp).ToString());
            json.WriteString("country", verdict.Country ?? "-");
            json.WriteStartArray("headers");
            foreach (var header in request.Headers)
            {
                json.WriteStartObject();
                json.WriteString("name", header.Key);
                json.WriteString("value", header.Value);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("uri", request.UriPath);
            json.WriteString("args", request.QueryString);
            json.WriteString("httpVersion", request.HttpVersion);
            json.WriteString("httpMethod", request.Method);
            json.WriteString("requestId", context.RequestId);
            json.WriteEndObject();
            if (verdict.Labels.Count > 0)
            {
                json.WriteStartArray("labels");
                foreach (var label in verdict.Labels)
                {
                    json.WriteStartObject();
                    json.WriteString("name", label);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteMatch(Utf8JsonWriter json, WafRuleMatch match)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", match.RuleId);
        json.WriteString("action", match.Action);
        if (match.OverriddenAction is { } overridden)
        {
            json.WriteString("overriddenAction", overridden);
        }

        WriteDetails(json, "ruleMatchDetails", match.Detail);
        json.WriteEndObject();
    }

    private static void WriteDetails(Utf8JsonWriter json, string name, WafMatchDetail? detail)
    {
        json.WriteStartArray(name);
        if (detail is not null)
        {
            WriteDetail(json, detail);
        }

        json.WriteEndArray();
    }

    private static void WriteDetail(Utf8JsonWriter json, WafMatchDetail detail)
    {
        json.WriteStartObject();
        json.WriteString("conditionType", detail.ConditionType);
        if (detail.SensitivityLevel is { } level)
        {
            json.WriteString("sensitivityLevel", level);
        }

        json.WriteString("location", detail.Location);
        json.WriteStartArray("matchedData");
        foreach (var token in detail.MatchedData)
        {
            json.WriteStringValue(token);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
