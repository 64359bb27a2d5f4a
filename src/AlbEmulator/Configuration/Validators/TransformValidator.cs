using AlbEmulator.Rules;

namespace AlbEmulator.Configuration.Validators;

/// <summary>Rule transforms (ACT-40): types, one of each per rule, the config object the type names, regex and replacement limits.</summary>
internal static class TransformValidator
{
    public static void Check(ValidationContext context, string resource, IReadOnlyList<RuleTransformConfig> transforms)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < transforms.Count; i++)
        {
            var transform = transforms[i];
            var prefix = $"Transforms[{i}]";
            string configName;
            RewriteListConfig? config;
            switch (transform.Type)
            {
                case "host-header-rewrite":
                    configName = "HostHeaderRewriteConfig";
                    config = transform.HostHeaderRewriteConfig;
                    if (transform.UrlRewriteConfig is not null)
                    {
                        context.Add(resource, $"{prefix}.UrlRewriteConfig", "UrlRewriteConfig can only be specified when the transform type is 'url-rewrite'");
                    }

                    break;
                case "url-rewrite":
                    configName = "UrlRewriteConfig";
                    config = transform.UrlRewriteConfig;
                    if (transform.HostHeaderRewriteConfig is not null)
                    {
                        context.Add(resource, $"{prefix}.HostHeaderRewriteConfig", "HostHeaderRewriteConfig can only be specified when the transform type is 'host-header-rewrite'");
                    }

                    break;
                case null:
                    context.Add(resource, $"{prefix}.Type", "Type is required");
                    continue;
                default:
                    context.Add(resource, $"{prefix}.Type", $"Transform type '{transform.Type}' must be one of 'host-header-rewrite', 'url-rewrite'");
                    continue;
            }

            if (!seen.Add(transform.Type))
            {
                context.Add(resource, $"{prefix}.Type", $"A rule can only have one '{transform.Type}' transform");
            }

            if (config is null)
            {
                context.Add(resource, prefix, $"{configName} is required for transform type '{transform.Type}'");
                continue;
            }

            if (config.Rewrites.Count == 0)
            {
                context.Add(resource, $"{prefix}.{configName}.Rewrites", "At least one rewrite is required");
            }

            for (var j = 0; j < config.Rewrites.Count; j++)
            {
                var (regex, replace) = config.Rewrites[j];
                var path = $"{prefix}.{configName}.Rewrites[{j}]";
                if (string.IsNullOrEmpty(regex))
                {
                    context.Add(resource, $"{path}.Regex", "Regex is required");
                }
                else if (regex.Length > RuleRegex.MaxTransformLength)
                {
                    context.Add(resource, $"{path}.Regex", $"Regex cannot be longer than {RuleRegex.MaxTransformLength} characters");
                }
                else if (RuleRegex.Check(regex) is { } problem)
                {
                    context.Add(resource, $"{path}.Regex", $"Regex '{regex}': {problem}");
                }

                if (replace is null)
                {
                    context.Add(resource, $"{path}.Replace", "Replace is required");
                }
                else if (replace.Length > RuleRegex.MaxTransformLength)
                {
                    context.Add(resource, $"{path}.Replace", $"Replace cannot be longer than {RuleRegex.MaxTransformLength} characters");
                }
            }
        }
    }
}
