namespace AlbEmulator.Configuration.Validators;

/// <summary>The load balancer: name, attributes, and the log-delivery attribute pairs.</summary>
internal static class LoadBalancerValidator
{
    private static readonly string[] LogKinds = ["access_logs", "connection_logs", "health_check_logs"];

    public static void Check(ValidationContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lb in context.Config.LoadBalancers)
        {
            Check(context, lb);
            if (!names.Add(lb.EffectiveName))
            {
                context.Add(ResourceNames.LoadBalancer(lb.Name), "Name", $"A load balancer with the same name '{lb.EffectiveName}' exists, but with different settings: load balancer names are unique");
            }
        }

        TargetGroupsOfOneLoadBalancer(context);
    }

    private static void Check(ValidationContext context, LoadBalancerConfig lb)
    {
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

        if (lb.Scheme is not (null or "internet-facing" or "internal"))
        {
            context.Add(resource, "Scheme", $"Scheme '{lb.Scheme}' must be 'internet-facing' or 'internal'");
        }

        if (lb.IpAddressType is not (null or "ipv4" or "dualstack" or "dualstack-without-public-ipv4"))
        {
            context.Add(resource, "IpAddressType", $"IpAddressType '{lb.IpAddressType}' must be one of 'ipv4', 'dualstack', 'dualstack-without-public-ipv4'");
        }
    }

    /// <summary>
    /// A target group can be associated with at most one load balancer (AWS answers
    /// <c>TargetGroupAssociationLimit</c>): every listener that forwards to it belongs to the same one.
    /// </summary>
    private static void TargetGroupsOfOneLoadBalancer(ValidationContext context)
    {
        if (context.Config.LoadBalancers.Count < 2)
        {
            return;
        }

        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var lb in context.Config.LoadBalancers)
        {
            foreach (var name in TargetGroupReference.ForwardedTo(lb.Listeners))
            {
                if (!owners.TryAdd(name, lb.EffectiveName) && owners[name] != lb.EffectiveName && reported.Add(name))
                {
                    context.Add(
                        ResourceNames.TargetGroup(name, 0),
                        "LoadBalancerArns",
                        $"Target group '{name}' cannot be associated with more than one load balancer: listeners of '{owners[name]}' and '{lb.EffectiveName}' forward to it (TargetGroupAssociationLimit)");
                }
            }
        }
    }
}
