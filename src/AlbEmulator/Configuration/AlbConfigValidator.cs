using AlbEmulator.Configuration.Validators;

namespace AlbEmulator.Configuration;

/// <summary>
/// Checks a config against ALB's rules (docs/configuration.md; the spec IDs are cited in each
/// validator). Every check runs and every error is returned, in a stable order: load balancer,
/// listeners (with their rules), target groups.
/// </summary>
public static class AlbConfigValidator
{
    /// <summary>
    /// Every rule error of a config. With <paramref name="checkFiles"/> (a document read from disk: the command
    /// line, the fixture, a reloaded file) files it names are checked too: certificate and key exist and match.
    /// </summary>
    public static IReadOnlyList<ConfigError> Validate(AlbConfig config, bool checkFiles = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        var context = new ValidationContext(config) { CheckFiles = checkFiles };
        LoadBalancerValidator.Check(context);
        ListenerValidator.Check(context);
        TargetGroupValidator.Check(context);
        IdentityProviderValidator.Check(context);
        MutualAuthenticationValidator.CheckTrustStores(context);
        if (!config.Waf.IsEmpty || config.LoadBalancers.Any(lb => lb.WebACLName is not null))
        {
            // AWS WAF resources and the association (Waf/; config-format.md §5).
            context.Errors.AddRange(new Waf.WafRegistry().Load(config));
        }

        return context.Errors;
    }

    /// <summary>
    /// Every error of a read config at once: what the reader found (unknown fields, wrong types) followed by
    /// what validation finds in the rest of the document. A validation error on a field the reader already
    /// reported (a wrong type read as absent) is left out. Nothing is validated when nothing could be read.
    /// </summary>
    public static IReadOnlyList<ConfigError> Validate(ConfigReadResult read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (read.Config is null)
        {
            return read.Errors;
        }

        var reported = read.Errors.Select(e => (e.Resource, e.Field)).ToHashSet();
        return [.. read.Errors, .. Validate(read.Config, checkFiles: true).Where(e => !reported.Contains((e.Resource, e.Field)))];
    }
}
