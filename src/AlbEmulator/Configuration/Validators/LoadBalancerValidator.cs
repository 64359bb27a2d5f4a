namespace AlbEmulator.Configuration.Validators;

/// <summary>The load balancer: name, attributes, and the log-delivery attribute pairs.</summary>
internal static class LoadBalancerValidator
{
    private static readonly string[] LogKinds = ["access_logs", "connection_logs", "health_check_logs"];

    public static void Check(ValidationContext context)
    {
        var lb = context.Config.LoadBalancer;
        var resource = ResourceNames.LoadBalancer(lb.Name);
        if (lb.Name is not null)
        {
            Names.Check(context, resource, "Name", "Load balancer", lb.Name);
            if (lb.Name.StartsWith("internal-", StringComparison.Ordinal))
            {
                context.Add(resource, "Name", $"Load balancer name '{lb.Name}' cannot begin with 'internal-'");
            }
        }

        var attributes = lb.LoadBalancerAttributes;
        AttributeValidator.Check(context, resource, "LoadBalancerAttributes", "Load balancer", attributes, AttributeCatalog.FindLoadBalancer, null);

        // §4.9: a bucket is required when delivery is enabled; prefixes must not contain AWSLogs.
        foreach (var kind in LogKinds)
        {
            if (AttributeValidator.Find(attributes, $"{kind}.s3.enabled") == "true"
                && string.IsNullOrEmpty(AttributeValidator.Find(attributes, $"{kind}.s3.bucket")))
            {
                context.Add(resource, "LoadBalancerAttributes", $"'{kind}.s3.bucket' is required when '{kind}.s3.enabled' is 'true'");
            }

            if (AttributeValidator.Find(attributes, $"{kind}.s3.prefix") is { } prefix && prefix.Contains("AWSLogs", StringComparison.Ordinal))
            {
                context.Add(resource, "LoadBalancerAttributes", $"'{kind}.s3.prefix' cannot contain 'AWSLogs'");
            }
        }

        if (context.Config.NoLoadBalancer && context.Config.Listeners.Count > 0)
        {
            context.Add(resource, "Listeners", "Listeners need a load balancer");
        }
    }
}
