using System.Net;
using System.Text.RegularExpressions;

namespace AlbEmulator.Configuration.Validators;

/// <summary>
/// Registered targets (TG-1, TG-2): an IP address or [ext] DNS host name with an optional port for
/// ip/instance groups; for lambda groups at most one function (name or ARN) with [ext] LambdaEndpoint.
/// </summary>
internal static partial class TargetValidator
{
    public static void Check(ValidationContext context, string resource, TargetGroupConfig group, string type)
    {
        var lambda = type == TargetTypes.Lambda;
        if (lambda && group.Targets.Count > 1)
        {
            context.Add(resource, "Targets", "A target group with target type 'lambda' can have at most one target");
        }

        for (var i = 0; i < group.Targets.Count; i++)
        {
            var target = group.Targets[i];
            var field = $"Targets[{i}]";
            if (string.IsNullOrEmpty(target.Id))
            {
                context.Add(resource, $"{field}.Id", "Id is required");
            }

            if (lambda)
            {
                CheckLambdaTarget(context, resource, field, target);
            }
            else
            {
                CheckAddressTarget(context, resource, field, target);
            }
        }
    }

    private static void CheckAddressTarget(ValidationContext context, string resource, string field, TargetConfig target)
    {
        if (!string.IsNullOrEmpty(target.Id) && !IPAddress.TryParse(target.Id, out _) && !IsHostName(target.Id))
        {
            context.Add(resource, $"{field}.Id", $"Target '{target.Id}' is neither an IP address nor a valid DNS host name");
        }

        if (target.Port is { } port && port is < 1 or > 65535)
        {
            context.Add(resource, $"{field}.Port", $"Port '{port}' must be between 1 and 65535");
        }

        if (target.LambdaEndpoint is not null)
        {
            context.Add(resource, $"{field}.LambdaEndpoint", "LambdaEndpoint is only allowed for targets of a 'lambda' target group");
        }
    }

    private static void CheckLambdaTarget(ValidationContext context, string resource, string field, TargetConfig target)
    {
        if (!string.IsNullOrEmpty(target.Id) && !FunctionName().IsMatch(target.Id) && !FunctionArn().IsMatch(target.Id))
        {
            context.Add(resource, $"{field}.Id", $"Target '{target.Id}' is not a Lambda function name or ARN");
        }

        if (target.Port is not null)
        {
            context.Add(resource, $"{field}.Port", "Port cannot be specified for a lambda target");
        }

        if (string.IsNullOrEmpty(target.LambdaEndpoint))
        {
            context.Add(resource, $"{field}.LambdaEndpoint", "LambdaEndpoint is required for a lambda target");
        }
        else if (!Uri.TryCreate(target.LambdaEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            context.Add(resource, $"{field}.LambdaEndpoint", $"LambdaEndpoint '{target.LambdaEndpoint}' must be an absolute http or https URL");
        }
    }

    /// <summary>RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, at most 253 characters.</summary>
    public static bool IsHostName(string value) => value.Length <= 253 && HostName().IsMatch(value);

    [GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$", RegexOptions.CultureInvariant)]
    private static partial Regex FunctionName();

    [GeneratedRegex(@"^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$", RegexOptions.CultureInvariant)]
    private static partial Regex FunctionArn();
}
