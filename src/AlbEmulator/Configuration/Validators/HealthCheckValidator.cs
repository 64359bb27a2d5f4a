using System.Globalization;

namespace AlbEmulator.Configuration.Validators;

/// <summary>Health check settings (HC-1), checked against the values after defaults.</summary>
internal static class HealthCheckValidator
{
    public const int MaxPathLength = 1024;

    public static void Check(ValidationContext context, string resource, TargetGroupConfig group, string type)
    {
        var resolved = TargetGroupDefaults.Resolve(group);
        if (group.HealthCheckEnabled == false && type != TargetTypes.Lambda)
        {
            context.Add(resource, "HealthCheckEnabled", $"Health checks cannot be disabled for target groups with target type '{type}'");
        }

        Range(context, resource, "HealthCheckIntervalSeconds", group.HealthCheckIntervalSeconds, 5, 300);
        Range(context, resource, "HealthCheckTimeoutSeconds", group.HealthCheckTimeoutSeconds, 2, 120);
        Range(context, resource, "HealthyThresholdCount", group.HealthyThresholdCount, 2, 10);
        Range(context, resource, "UnhealthyThresholdCount", group.UnhealthyThresholdCount, 2, 10);
        if (resolved.HealthCheckTimeoutSeconds >= resolved.HealthCheckIntervalSeconds)
        {
            context.Add(resource, "HealthCheckTimeoutSeconds",
                $"Health check timeout '{resolved.HealthCheckTimeoutSeconds}' must be smaller than the interval '{resolved.HealthCheckIntervalSeconds}'");
        }

        if (group.HealthCheckPath is { } path && (path.Length is 0 or > MaxPathLength || !path.StartsWith('/')))
        {
            context.Add(resource, "HealthCheckPath", $"Health check path '{path}' must start with '/' and be 1 to {MaxPathLength} characters long");
        }

        if (group.HealthCheckPort is { } port && port != "traffic-port"
            && !(int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535))
        {
            context.Add(resource, "HealthCheckPort", $"Health check port '{port}' must be 'traffic-port' or between 1 and 65535");
        }

        if (group.HealthCheckProtocol is { } protocol && protocol is not ("HTTP" or "HTTPS"))
        {
            context.Add(resource, "HealthCheckProtocol", $"Health check protocol '{protocol}' must be one of 'HTTP', 'HTTPS'");
        }

        CheckMatcher(context, resource, group.Matcher, type == TargetTypes.Lambda ? "" : resolved.ProtocolVersion);
    }

    private static void CheckMatcher(ValidationContext context, string resource, MatcherConfig? matcher, string protocolVersion)
    {
        if (matcher is null)
        {
            return;
        }

        var grpc = protocolVersion == TargetTypes.Grpc;
        if (matcher.HttpCode is { } http)
        {
            if (grpc)
            {
                context.Add(resource, "Matcher.HttpCode", "HttpCode is not supported for target groups with the protocol-version 'GRPC'; use GrpcCode");
            }
            else if (!IsCodeList(http, 200, 499))
            {
                context.Add(resource, "Matcher.HttpCode", $"HTTP code '{http}' must be a list or range of codes between 200 and 499, such as '200,202' or '200-299'");
            }
        }

        if (matcher.GrpcCode is { } code)
        {
            if (!grpc)
            {
                context.Add(resource, "Matcher.GrpcCode", "GrpcCode is only supported for target groups with the protocol-version 'GRPC'");
            }
            else if (!IsCodeList(code, 0, 99))
            {
                context.Add(resource, "Matcher.GrpcCode", $"gRPC code '{code}' must be a list or range of codes between 0 and 99, such as '0' or '0-99'");
            }
        }
    }

    /// <summary>A comma list of codes and <c>low-high</c> ranges, each within min..max.</summary>
    public static bool IsCodeList(string value, int min, int max)
    {
        foreach (var item in value.Split(','))
        {
            var bounds = item.Split('-');
            if (bounds.Length > 2 || !bounds.All(b => IsCode(b, min, max)))
            {
                return false;
            }

            if (bounds.Length == 2 && int.Parse(bounds[0], CultureInfo.InvariantCulture) > int.Parse(bounds[1], CultureInfo.InvariantCulture))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsCode(string value, int min, int max) =>
        value.Length is > 0 and <= 3 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code >= min && code <= max;

    private static void Range(ValidationContext context, string resource, string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            context.Add(resource, field, $"{field} '{v}' must be between {min} and {max}");
        }
    }
}
