using AlbEmulator.Configuration.Validators;

namespace AlbEmulator.Configuration;

/// <summary>
/// Checks a config against ALB's rules (docs/configuration.md; the spec IDs are cited in each
/// validator). Every check runs and every error is returned, in a stable order: load balancer,
/// listeners (with their rules), target groups.
/// </summary>
public static class AlbConfigValidator
{
    public static IReadOnlyList<ConfigError> Validate(AlbConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var context = new ValidationContext(config);
        LoadBalancerValidator.Check(context);
        ListenerValidator.Check(context);
        TargetGroupValidator.Check(context);
        if (!config.Waf.IsEmpty || config.LoadBalancer.WebACLName is not null)
        {
            // AWS WAF resources and the association (Waf/; config-format.md §5).
            context.Errors.AddRange(new Waf.WafRegistry().Load(config));
        }

        return context.Errors;
    }
}
