using AlbEmulator.ControlPlane.Query;

namespace AlbEmulator.ControlPlane.Operations;

/// <summary>
/// AddTags, RemoveTags, DescribeTags for any mix of load balancer, listener, rule and target group ARNs.
/// Tags live in the control plane's memory (the config file has none).
/// </summary>
internal static class TagOperations
{
    private const int MaxTags = 50;

    /// <summary>Resource ARNs per AddTags / RemoveTags / DescribeTags call.</summary>
    private const int MaxArns = 20;

    public static IEnumerable<object?> AddTags(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arns = RequireArns(request);
        var tags = ShapeReader.Tags(request, "Tags");
        if (tags.Count == 0)
        {
            throw AlbApiError.Missing("Tags");
        }

        if (tags.GroupBy(t => t.Key).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new AlbApiError("DuplicateTagKeys", $"Tag key '{duplicate.Key}' is duplicated");
        }

        return controlPlane.Change((change, index) =>
        {
            change.ConfigChanged = false;
            foreach (var arn in arns)
            {
                RequireResource(index, arn);
                var keys = tags.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
                var merged = change.Tags.GetValueOrDefault(arn, []).Where(t => !keys.Contains(t.Key)).Concat(tags).ToArray();
                if (merged.Length > MaxTags)
                {
                    throw new AlbApiError("TooManyTags", $"The quota for the number of tags that can be assigned to a load balancer has been reached ({MaxTags})");
                }

                change.Tags[arn] = merged;
            }

            return Array.Empty<object?>();
        });
    }

    public static IEnumerable<object?> RemoveTags(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arns = RequireArns(request);
        var keys = request.Strings("TagKeys") is { Count: > 0 } list ? list.ToHashSet(StringComparer.Ordinal) : throw AlbApiError.Missing("TagKeys");
        foreach (var key in keys)
        {
            TagRules.CheckKey(key, "tagKeys");
        }

        return controlPlane.Change((change, index) =>
        {
            change.ConfigChanged = false;
            foreach (var arn in arns)
            {
                RequireResource(index, arn);
                change.Tags[arn] = change.Tags.GetValueOrDefault(arn, []).Where(t => !keys.Contains(t.Key)).ToArray();
            }

            return Array.Empty<object?>();
        });
    }

    public static IEnumerable<object?> DescribeTags(QueryParameters request, AlbControlPlane controlPlane)
    {
        var arns = RequireArns(request);
        var state = controlPlane.State;
        var index = state.Index();
        foreach (var arn in arns)
        {
            RequireResource(index, arn);
        }

        return [QueryXml.StructList("TagDescriptions", arns, arn => [QueryXml.E("ResourceArn", arn), ShapeWriter.Tags(state.Tags.GetValueOrDefault(arn, []))])];
    }

    /// <summary>Sets the tags of a resource being created (no tags: nothing recorded).</summary>
    public static void Set(ConfigChange change, string arn, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        if (tags.Count > 0)
        {
            change.Tags[arn] = tags;
        }
    }

    private static IReadOnlyList<string> RequireArns(QueryParameters request)
    {
        var arns = request.Strings("ResourceArns") is { Count: > 0 } list ? list : throw AlbApiError.Missing("ResourceArns");
        return arns.Count <= MaxArns
            ? arns
            : throw AlbApiError.Validation($"1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to {MaxArns}");
    }

    /// <summary>The resource must exist; the error code names its type (from the ARN's resource part).</summary>
    private static void RequireResource(ResourceIndex index, string arn)
    {
        var resource = arn.Split(':', 6) is { Length: 6 } parts ? parts[5] : "";
        switch (resource)
        {
            case var r when r.StartsWith("loadbalancer/", StringComparison.Ordinal):
                index.RequireLoadBalancer(arn);
                break;
            case var r when r.StartsWith("targetgroup/", StringComparison.Ordinal):
                index.RequireTargetGroup(arn);
                break;
            case var r when r.StartsWith("listener-rule/", StringComparison.Ordinal):
                index.RequireRule(arn);
                break;
            case var r when r.StartsWith("listener/", StringComparison.Ordinal):
                index.RequireListener(arn);
                break;
            case var r when r.StartsWith("truststore/", StringComparison.Ordinal):
                if (!TrustStoreOperations.Exists(index.Config, arn))
                {
                    throw new AlbApiError("TrustStoreNotFound", $"Trust store '{arn}' not found");
                }

                break;
            default:
                throw AlbApiError.Validation($"'{arn}' is not a valid load balancer, listener, rule or target group ARN");
        }
    }
}
