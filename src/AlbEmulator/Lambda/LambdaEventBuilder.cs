using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace AlbEmulator.Lambda;

/// <summary>
/// Writes the ALB→Lambda event JSON (LAM-10..LAM-15, HC-14) with the property order of the AWS
/// examples: requestContext, httpMethod, path, queryStringParameters | multiValueQueryStringParameters,
/// headers | multiValueHeaders, isBase64Encoded, body.
/// </summary>
/// <remarks>
/// [EMU] Header names are written in ordinal order (as in the AWS examples; the order ALB uses is not
/// documented); query keys in the order they first appear. With multi-value headers disabled the last
/// value of a repeated header or query key wins (LAM-12). Strings are escaped minimally (quotes,
/// backslashes, control characters); non-ASCII text is written as UTF-8.
/// </remarks>
public static class LambdaEventBuilder
{
    public const string HealthCheckUserAgent = "ELB-HealthChecker/2.0";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Builds the event for a client request. Returns false when the body must be sent as text (LAM-14)
    /// but is not valid UTF-8: the load balancer answers <c>LambdaBadRequest</c> (LAM-2).
    /// </summary>
    public static bool TryBuild(LambdaEventRequest request, out byte[] eventJson)
    {
        var contentType = LastValue(request.Headers, "content-type");
        var hasContentEncoding = LastValue(request.Headers, "content-encoding") is not null;
        var body = request.Body.Span;
        var base64 = body.Length > 0 && LambdaBodyEncoding.IsBase64(contentType, hasContentEncoding);
        if (!base64 && !Utf8.IsValid(body))
        {
            eventJson = [];
            return false;
        }

        var buffer = new ArrayBufferWriter<byte>(512 + body.Length * 4 / 3);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            WriteRequestContext(writer, request.TargetGroupArn);
            writer.WriteString("httpMethod", request.HttpMethod);
            writer.WriteString("path", request.Path);
            var query = LambdaQueryString.Parse(request.RawQuery);
            if (request.MultiValueHeaders)
            {
                WriteMultiValue(writer, "multiValueQueryStringParameters", Group(query, sortKeys: false));
                WriteMultiValue(writer, "multiValueHeaders", Group(request.Headers, sortKeys: true));
            }
            else
            {
                WriteSingleValue(writer, "queryStringParameters", Group(query, sortKeys: false));
                WriteSingleValue(writer, "headers", Group(request.Headers, sortKeys: true));
            }

            writer.WriteBoolean("isBase64Encoded", base64);
            if (base64)
            {
                writer.WriteBase64String("body", body);
            }
            else
            {
                writer.WriteString("body", body);
            }

            writer.WriteEndObject();
        }

        eventJson = buffer.WrittenSpan.ToArray();
        return true;
    }

    /// <summary>
    /// The Lambda health-check event (HC-14): GET of the health-check path, <c>user-agent:
    /// ELB-HealthChecker/2.0</c> as the only header, empty body. [EMU] With multi-value headers enabled
    /// the multi-value field names are used.
    /// </summary>
    public static byte[] BuildHealthCheck(string targetGroupArn, string healthCheckPath, bool multiValueHeaders)
    {
        var question = healthCheckPath.IndexOf('?');
        var path = question < 0 ? healthCheckPath : healthCheckPath[..question];
        var query = LambdaQueryString.Parse(question < 0 ? "" : healthCheckPath[(question + 1)..]);
        KeyValuePair<string, string>[] headers = [new("user-agent", HealthCheckUserAgent)];
        var buffer = new ArrayBufferWriter<byte>(384);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            WriteRequestContext(writer, targetGroupArn);
            writer.WriteString("httpMethod", "GET");
            writer.WriteString("path", path);
            if (multiValueHeaders)
            {
                WriteMultiValue(writer, "multiValueQueryStringParameters", Group(query, sortKeys: false));
                WriteMultiValue(writer, "multiValueHeaders", Group(headers, sortKeys: true));
            }
            else
            {
                WriteSingleValue(writer, "queryStringParameters", Group(query, sortKeys: false));
                WriteSingleValue(writer, "headers", Group(headers, sortKeys: true));
            }

            writer.WriteString("body", "");
            writer.WriteBoolean("isBase64Encoded", false);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteRequestContext(Utf8JsonWriter writer, string targetGroupArn)
    {
        writer.WriteStartObject("requestContext");
        writer.WriteStartObject("elb");
        writer.WriteString("targetGroupArn", targetGroupArn);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteSingleValue(Utf8JsonWriter writer, string name, List<KeyValuePair<string, List<string>>> groups)
    {
        writer.WriteStartObject(name);
        foreach (var (key, values) in groups)
        {
            writer.WriteString(key, values[^1]);
        }

        writer.WriteEndObject();
    }

    private static void WriteMultiValue(Utf8JsonWriter writer, string name, List<KeyValuePair<string, List<string>>> groups)
    {
        writer.WriteStartObject(name);
        foreach (var (key, values) in groups)
        {
            writer.WriteStartArray(key);
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>Groups values by key (ordinal), keys in first-seen or sorted order, values in received order.</summary>
    private static List<KeyValuePair<string, List<string>>> Group(IReadOnlyList<KeyValuePair<string, string>> pairs, bool sortKeys)
    {
        var groups = new List<KeyValuePair<string, List<string>>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            if (!index.TryGetValue(key, out var i))
            {
                i = groups.Count;
                index[key] = i;
                groups.Add(new(key, []));
            }

            groups[i].Value.Add(value);
        }

        if (sortKeys)
        {
            groups.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        }

        return groups;
    }

    private static string? LastValue(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            if (string.Equals(headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return headers[i].Value;
            }
        }

        return null;
    }
}
