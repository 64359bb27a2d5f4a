namespace AlbEmulator.Configuration;

/// <summary>
/// Resolves a <c>TargetGroupArn</c> to a target group name: any ELBv2 ARN whose resource part is
/// <c>targetgroup/&lt;name&gt;/&lt;id&gt;</c> (alb-observability-api §4.5) names the group
/// <c>&lt;name&gt;</c>, including the ARNs the emulator itself reports.
/// </summary>
public static class TargetGroupReference
{
    private const string ResourcePrefix = "targetgroup/";

    public static bool TryGetName(string? arn, out string name)
    {
        name = "";
        if (string.IsNullOrEmpty(arn))
        {
            return false;
        }

        // arn:<partition>:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "elasticloadbalancing"
            || !parts[5].StartsWith(ResourcePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = parts[5].AsSpan(ResourcePrefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        name = rest[..slash].ToString();
        return true;
    }
}
