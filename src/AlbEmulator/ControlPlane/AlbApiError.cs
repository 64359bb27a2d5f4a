namespace AlbEmulator.ControlPlane;

/// <summary>
/// An ELBv2 API error (alb-observability-api §4.4): the <c>&lt;Code&gt;</c> SDKs map to typed exceptions,
/// the message, and the HTTP status. <c>Type</c> is <c>Sender</c> for 4xx and <c>Receiver</c> for 5xx.
/// This family is separate from the data plane's <c>AlbError</c> (style-anchors §7.8).
/// </summary>
internal sealed class AlbApiError : Exception
{
    public AlbApiError(string code, string message, int statusCode = 400)
        : base(message)
    {
        Code = code;
        StatusCode = statusCode;
    }

    public string Code { get; }

    public int StatusCode { get; }

    public string Type => StatusCode >= 500 ? "Receiver" : "Sender";

    public static AlbApiError Validation(string message) => new("ValidationError", message);

    /// <summary>The wording AWS uses for a missing required member.</summary>
    public static AlbApiError Missing(string member) =>
        Validation($"1 validation error detected: Value null at '{char.ToLowerInvariant(member[0])}{member[1..]}' failed to satisfy constraint: Member must not be null");

    public static AlbApiError InvalidAction(string action) =>
        new("InvalidAction", $"The action {action} is not valid for this web service.");

    public static AlbApiError LoadBalancerNotFound(string arn) =>
        new("LoadBalancerNotFound", $"Load balancer '{arn}' not found");

    public static AlbApiError TargetGroupNotFound(string arnOrName) =>
        new("TargetGroupNotFound", $"Target groups '{arnOrName}' not found");

    public static AlbApiError ListenerNotFound(string arn) =>
        new("ListenerNotFound", $"Listener '{arn}' not found");

    public static AlbApiError RuleNotFound(string arn) =>
        new("RuleNotFound", $"Rule '{arn}' not found");
}
