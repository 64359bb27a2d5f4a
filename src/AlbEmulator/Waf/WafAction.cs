namespace AlbEmulator.Waf;

public enum WafActionKind
{
    Allow,
    Block,
    Count,
    Captcha,
    Challenge,
}

/// <summary>A <c>CustomResponse</c> of a Block action: status, response headers and the key of a <c>CustomResponseBodies</c> entry.</summary>
public sealed record WafCustomResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, string? BodyKey);

/// <summary>A custom response body (<c>CustomResponseBodies</c> entry): content type and content.</summary>
public sealed record WafResponseBody(string ContentType, string Content)
{
    /// <summary>The HTTP media type of <c>TEXT_PLAIN</c>, <c>TEXT_HTML</c> and <c>APPLICATION_JSON</c>.</summary>
    public string MediaType => ContentType switch
    {
        "TEXT_HTML" => "text/html",
        "APPLICATION_JSON" => "application/json",
        _ => "text/plain",
    };
}

/// <summary>A rule or default action, with its <c>CustomRequestHandling</c> headers (names without the x-amzn-waf- prefix) or <c>CustomResponse</c>.</summary>
public sealed record WafAction(WafActionKind Kind, IReadOnlyList<KeyValuePair<string, string>> InsertHeaders, WafCustomResponse? CustomResponse)
{
    public static readonly WafAction Allow = new(WafActionKind.Allow, [], null);
    public static readonly WafAction Block = new(WafActionKind.Block, [], null);
    public static readonly WafAction Count = new(WafActionKind.Count, [], null);

    /// <summary>The action as the WAF log spells it (<c>ALLOW</c>, <c>BLOCK</c>, <c>COUNT</c>, <c>CAPTCHA</c>, <c>CHALLENGE</c>).</summary>
    public string LogName => Kind.ToString().ToUpperInvariant();

    /// <summary>The CloudWatch metric a match with this action increments.</summary>
    public string MetricName => Kind switch
    {
        WafActionKind.Allow => "AllowedRequests",
        WafActionKind.Block => "BlockedRequests",
        WafActionKind.Count => "CountedRequests",
        WafActionKind.Captcha => "CaptchaRequests",
        _ => "ChallengeRequests",
    };
}
