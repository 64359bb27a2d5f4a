namespace AlbEmulator.Configuration.Validators;

/// <summary>
/// Load balancer and target group names (alb-observability-api §4.5): at most 32 characters,
/// alphanumerics and hyphens, no leading or trailing hyphen; load balancers must not start with
/// <c>internal-</c>. Messages follow the ELBv2 API wording.
/// </summary>
internal static class Names
{
    public static void Check(ValidationContext context, string resource, string field, string kind, string name)
    {
        if (name.Length == 0)
        {
            context.Add(resource, field, $"{kind} name cannot be empty");
            return;
        }

        if (name.Length > LoadBalancerDefaults.MaxNameLength)
        {
            context.Add(resource, field, $"{kind} name '{name}' cannot be longer than '{LoadBalancerDefaults.MaxNameLength}' characters");
        }

        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            context.Add(resource, field, $"{kind} name '{name}' can only contain characters that are alphanumeric characters or hyphens(-)");
        }

        if (name.StartsWith('-') || name.EndsWith('-'))
        {
            context.Add(resource, field, $"{kind} name '{name}' cannot begin or end with '-'");
        }
    }
}
