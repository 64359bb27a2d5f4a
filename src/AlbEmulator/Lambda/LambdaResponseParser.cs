using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using AlbEmulator.Errors;

namespace AlbEmulator.Lambda;

/// <summary>
/// Validates and maps the Invoke API payload of a Lambda function (LAM-20..LAM-25). Anything ALB is
/// known to reject, or that cannot be put on the wire, is <see cref="AlbError.LambdaInvalidResponse"/>
/// (LAM-22): not a JSON object; <c>statusCode</c> missing or not an integer in 200–599 [EMU];
/// <c>null</c> for <c>statusDescription</c>, <c>headers</c>, <c>multiValueHeaders</c>, <c>body</c> or
/// [EMU] <c>isBase64Encoded</c>; a field of the wrong JSON type; a non-string header value; a
/// <c>statusDescription</c> not of the form <c>"&lt;3 digits&gt; &lt;reason&gt;"</c>; a body that is not
/// valid base64 when <c>isBase64Encoded</c> is true; [EMU] a header name that is not an HTTP token or a
/// value with control or non-ASCII characters.
/// </summary>
public static class LambdaResponseParser
{
    public const string DefaultContentType = "application/octet-stream";

    /// <summary>Headers the load balancer does not pass from the function to the client (LAM-24).</summary>
    private static readonly FrozenSet<string> Ignored = new[]
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Content-Length",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Parses <paramref name="payload"/>. Returns <see cref="AlbError.None"/> and the response, or
    /// <see cref="AlbError.LambdaInvalidResponse"/> with the reason in <paramref name="problem"/>.
    /// </summary>
    public static AlbError Parse(ReadOnlySpan<byte> payload, bool multiValueHeaders, out LambdaResponse? response, out string? problem)
    {
        response = null;
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            problem = "The response is not valid JSON: " + e.Message;
            return AlbError.LambdaInvalidResponse;
        }

        using (document)
        {
            problem = Map(document.RootElement, multiValueHeaders, out response);
            return problem is null ? AlbError.None : AlbError.LambdaInvalidResponse;
        }
    }

    private static string? Map(JsonElement root, bool multiValueHeaders, out LambdaResponse? response)
    {
        response = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return $"The response is {Kind(root)}, not a JSON object.";
        }

        if (!root.TryGetProperty("statusCode", out var statusElement))
        {
            return "The response has no statusCode.";
        }

        if (statusElement.ValueKind != JsonValueKind.Number || !statusElement.TryGetInt32(out var statusCode) || statusCode is < 200 or > 599)
        {
            return $"statusCode must be an integer from 200 to 599, got {statusElement.GetRawText()}.";
        }

        string? reason = null;
        if (root.TryGetProperty("statusDescription", out var description))
        {
            if (description.ValueKind != JsonValueKind.String)
            {
                return $"statusDescription must be a string like \"200 OK\", got {Kind(description)}.";
            }

            var text = description.GetString()!;
            if (!IsStatusDescription(text))
            {
                return $"statusDescription must have the form \"<code> <reason>\" (e.g. \"200 OK\"), got \"{text}\".";
            }

            reason = text[4..];
        }

        var headers = new List<KeyValuePair<string, string>>();
        var problem = ReadHeaders(root, multiValueHeaders, headers);
        if (problem is not null)
        {
            return problem;
        }

        var base64 = false;
        if (root.TryGetProperty("isBase64Encoded", out var base64Element))
        {
            if (base64Element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return $"isBase64Encoded must be true or false, got {Kind(base64Element)}.";
            }

            base64 = base64Element.GetBoolean();
        }

        byte[] body = [];
        if (root.TryGetProperty("body", out var bodyElement))
        {
            if (bodyElement.ValueKind != JsonValueKind.String)
            {
                return $"body must be a string, got {Kind(bodyElement)}.";
            }

            if (base64)
            {
                if (!bodyElement.TryGetBytesFromBase64(out var decoded))
                {
                    return "isBase64Encoded is true but body is not valid base64.";
                }

                body = decoded;
            }
            else
            {
                body = Encoding.UTF8.GetBytes(bodyElement.GetString()!);
            }
        }

        if (!headers.Exists(h => string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            // LAM-25: clients observed application/octet-stream when the function sets no Content-Type.
            headers.Add(new("Content-Type", DefaultContentType));
        }

        response = new LambdaResponse(statusCode, reason, headers, body);
        return null;
    }

    /// <summary>
    /// Reads <c>headers</c> or <c>multiValueHeaders</c> per the attribute (LAM-20); the other field is
    /// ignored except that <c>null</c> there is still rejected (LAM-22).
    /// </summary>
    private static string? ReadHeaders(JsonElement root, bool multiValueHeaders, List<KeyValuePair<string, string>> headers)
    {
        var used = multiValueHeaders ? "multiValueHeaders" : "headers";
        var other = multiValueHeaders ? "headers" : "multiValueHeaders";
        if (root.TryGetProperty(other, out var otherElement) && otherElement.ValueKind == JsonValueKind.Null)
        {
            return $"{other} is null.";
        }

        if (!root.TryGetProperty(used, out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return $"{used} must be an object, got {Kind(element)}.";
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!IsToken(property.Name))
            {
                return $"{used} has an invalid header name \"{property.Name}\".";
            }

            if (multiValueHeaders)
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    return $"multiValueHeaders.{property.Name} must be an array of strings, got {Kind(property.Value)}.";
                }

                foreach (var item in property.Value.EnumerateArray())
                {
                    var problem = Add(headers, property.Name, item, $"multiValueHeaders.{property.Name}[]");
                    if (problem is not null)
                    {
                        return problem;
                    }
                }
            }
            else
            {
                var problem = Add(headers, property.Name, property.Value, $"headers.{property.Name}");
                if (problem is not null)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private static string? Add(List<KeyValuePair<string, string>> headers, string name, JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return $"{field} must be a string, got {Kind(value)}.";
        }

        var text = value.GetString()!;
        if (!IsFieldValue(text))
        {
            return $"{field} contains control or non-ASCII characters.";
        }

        if (!Ignored.Contains(name))
        {
            headers.Add(new(name, text));
        }

        return null;
    }

    private static bool IsStatusDescription(string text) =>
        text.Length >= 4 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2]) && text[3] == ' ' && IsFieldValue(text);

    /// <summary>RFC 9110 token: visible ASCII except delimiters.</summary>
    private static bool IsToken(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is <= ' ' or >= '\u007f' || "\"(),/:;<=>?@[\\]{}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>[EMU] Visible ASCII, space and horizontal tab only.</summary>
    private static bool IsFieldValue(string value)
    {
        foreach (var c in value)
        {
            if (c != '\t' && c is < ' ' or >= '\u007f')
            {
                return false;
            }
        }

        return true;
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };
}
