namespace AlbEmulator.Configuration.Validators;

/// <summary>
/// Combinations of target group attributes (TG-70, alb-data-plane §3.6, §3.7, §5.3): app-cookie
/// stickiness needs a cookie name that is not reserved; weighted_random excludes stickiness and
/// slow start; slow start needs round_robin; anomaly mitigation needs weighted_random.
/// </summary>
internal static class TargetGroupAttributeRules
{
    private static readonly string[] ReservedCookiePrefixes = ["AWSALB", "AWSALBAPP", "AWSALBTG"];

    public static void Check(ValidationContext context, string resource, IReadOnlyList<AttributeConfig> attributes)
    {
        const string Field = "TargetGroupAttributes";
        string Get(string key) => AttributeValidator.Find(attributes, key) ?? AttributeCatalog.FindTargetGroup(key)!.Default;

        var stickiness = Get("stickiness.enabled") == "true";
        var algorithm = Get("load_balancing.algorithm.type");
        var slowStart = Get("slow_start.duration_seconds") is not ("0" or "");

        if (stickiness && Get("stickiness.type") == "app_cookie")
        {
            var cookie = Get("stickiness.app_cookie.cookie_name");
            if (cookie.Length == 0)
            {
                context.Add(resource, Field, "'stickiness.app_cookie.cookie_name' is required when 'stickiness.type' is 'app_cookie'");
            }
            else if (ReservedCookiePrefixes.Any(p => cookie.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                context.Add(resource, Field, $"Cookie name '{cookie}' cannot start with 'AWSALB', 'AWSALBAPP' or 'AWSALBTG'");
            }
        }

        if (algorithm == "weighted_random" && stickiness)
        {
            context.Add(resource, Field, "'weighted_random' load balancing cannot be combined with stickiness");
        }

        if (slowStart && algorithm != "round_robin")
        {
            context.Add(resource, Field, $"Slow start is only supported with the 'round_robin' load balancing algorithm, not '{algorithm}'");
        }

        if (Get("load_balancing.algorithm.anomaly_mitigation") == "on" && algorithm != "weighted_random")
        {
            context.Add(resource, Field, "'load_balancing.algorithm.anomaly_mitigation' can only be 'on' with the 'weighted_random' load balancing algorithm");
        }
    }
}
