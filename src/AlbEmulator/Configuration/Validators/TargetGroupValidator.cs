namespace AlbEmulator.Configuration.Validators;

/// <summary>Target groups (TG-1, TG-2, TG-10): name, type, protocol, port; then health checks, attributes, targets.</summary>
internal static class TargetGroupValidator
{
    private static readonly string[] Types = [TargetTypes.Ip, TargetTypes.Instance, TargetTypes.Lambda];
    private static readonly string[] Versions = [TargetTypes.Http1, TargetTypes.Http2, TargetTypes.Grpc];

    public static void Check(ValidationContext context)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < context.Config.TargetGroups.Count; i++)
        {
            var group = context.Config.TargetGroups[i];
            var resource = ResourceNames.TargetGroup(group.Name, i);
            if (group.Name is null)
            {
                context.Add(resource, "Name", "Name is required");
            }
            else
            {
                Names.Check(context, resource, "Name", "Target group", group.Name);
                if (group.Name.Length > 0 && !names.Add(group.Name))
                {
                    context.Add(resource, "Name", $"A target group with the name '{group.Name}' is already defined");
                }
            }

            if (group.IpAddressType is { } family && family is not ("ipv4" or "ipv6"))
            {
                context.Add(resource, "IpAddressType", $"IP address type '{family}' must be one of 'ipv4', 'ipv6'");
            }

            if (group.VpcId is { } vpc && !(vpc.StartsWith("vpc-", StringComparison.Ordinal) && vpc.Length is > 4 and <= 21 && vpc[4..].All(char.IsAsciiHexDigitLower)))
            {
                context.Add(resource, "VpcId", $"The VPC ID '{vpc}' is not found");
            }

            var type = group.TargetType ?? TargetGroupDefaults.TargetType;
            if (!Types.Contains(type))
            {
                context.Add(resource, "TargetType", $"Target type '{type}' must be one of '{string.Join("', '", Types)}'");
                continue;
            }

            if (type == TargetTypes.Lambda)
            {
                CheckLambdaShape(context, resource, group);
            }
            else
            {
                CheckProtocolAndPort(context, resource, group);
            }

            HealthCheckValidator.Check(context, resource, group, type);
            AttributeValidator.Check(context, resource, "TargetGroupAttributes", "Target group", group.TargetGroupAttributes,
                AttributeCatalog.FindTargetGroup, type);
            TargetGroupAttributeRules.Check(context, resource, group.TargetGroupAttributes);
            TargetValidator.Check(context, resource, group, type);
        }
    }

    private static void CheckProtocolAndPort(ValidationContext context, string resource, TargetGroupConfig group)
    {
        // TG-2
        if (group.Protocol is null)
        {
            context.Add(resource, "Protocol", "Protocol is required");
        }
        else if (group.Protocol is not ("HTTP" or "HTTPS"))
        {
            context.Add(resource, "Protocol", $"Target group protocol '{group.Protocol}' must be one of 'HTTP', 'HTTPS'");
        }

        if (group.Port is not { } port)
        {
            context.Add(resource, "Port", "Port is required");
        }
        else if (port is < 1 or > 65535)
        {
            context.Add(resource, "Port", $"Port '{port}' must be between 1 and 65535");
        }

        // TG-10
        if (group.ProtocolVersion is { } version && !Versions.Contains(version))
        {
            context.Add(resource, "ProtocolVersion", $"Protocol version '{version}' must be one of '{string.Join("', '", Versions)}'");
        }
    }

    private static void CheckLambdaShape(ValidationContext context, string resource, TargetGroupConfig group)
    {
        // TG-1, TG-2: a lambda group has no protocol, port or protocol version.
        if (group.Protocol is not null)
        {
            context.Add(resource, "Protocol", "Protocol cannot be specified for target groups with target type 'lambda'");
        }

        if (group.Port is not null)
        {
            context.Add(resource, "Port", "Port cannot be specified for target groups with target type 'lambda'");
        }

        if (group.ProtocolVersion is not null)
        {
            context.Add(resource, "ProtocolVersion", "ProtocolVersion cannot be specified for target groups with target type 'lambda'");
        }
    }
}
