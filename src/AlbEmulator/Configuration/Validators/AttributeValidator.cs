namespace AlbEmulator.Configuration.Validators;

/// <summary>
/// Attribute lists (alb-observability-api §4.9, alb-data-plane §12.1 and TG-70): every key must be
/// in <see cref="AttributeCatalog"/>, at most once, with a value its definition accepts.
/// </summary>
internal static class AttributeValidator
{
    /// <summary>
    /// Checks one attribute list. <c>kind</c> is "Load balancer" or "Target group" (as in the AWS
    /// messages); <c>targetType</c> is the group's effective target type (LambdaOnly, NotForLambda), else null.
    /// </summary>
    public static void Check(
        ValidationContext context,
        string resource,
        string listField,
        string kind,
        IReadOnlyList<AttributeConfig> attributes,
        Func<string, AttributeDefinition?> find,
        string? targetType)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < attributes.Count; i++)
        {
            var (key, value) = attributes[i];
            var field = $"{listField}[{i}]";
            if (find(key) is not { } definition)
            {
                context.Add(resource, field, $"{kind} attribute key '{key}' is not recognized");
                continue;
            }

            if (!seen.Add(key))
            {
                context.Add(resource, field, $"{kind} attribute key '{key}' is specified more than once");
            }

            if (AttributeCatalog.CheckValue(definition, value) is { } reason)
            {
                context.Add(resource, field, $"{kind} attribute '{key}' value '{value}' is not valid: {reason}");
            }

            if (targetType is not null && definition.LambdaOnly && targetType != TargetTypes.Lambda)
            {
                context.Add(resource, field, $"{kind} attribute key '{key}' is only supported for target groups with the target type 'lambda'");
            }

            if (targetType == TargetTypes.Lambda && definition.NotForLambda)
            {
                context.Add(resource, field, $"{kind} attribute key '{key}' is not supported for target groups with the target type 'lambda'");
            }
        }
    }

    /// <summary>The last value given for <paramref name="key"/>, or null.</summary>
    public static string? Find(IReadOnlyList<AttributeConfig> attributes, string key)
    {
        string? found = null;
        foreach (var attribute in attributes)
        {
            if (attribute.Key == key)
            {
                found = attribute.Value;
            }
        }

        return found;
    }
}
