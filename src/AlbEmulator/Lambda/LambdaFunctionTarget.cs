using System.Runtime.CompilerServices;
using AlbEmulator.Configuration;
using AlbEmulator.Model;

namespace AlbEmulator.Lambda;

/// <summary>
/// The one function of a Lambda target group (LAM-1) and how to reach it: the target <c>Id</c>
/// (function name or ARN), the [ext] <c>LambdaEndpoint</c> serving the Invoke API
/// (config-format.md), and the <c>lambda.multi_value_headers.enabled</c> attribute (LAM-10).
/// </summary>
public sealed class LambdaFunctionTarget
{
    private const string MultiValueAttribute = "lambda.multi_value_headers.enabled";
    private static readonly ConditionalWeakTable<TargetGroupModel, LambdaFunctionTarget?> Cache = new();

    public LambdaFunctionTarget(string functionId, Uri endpoint, bool multiValueHeaders)
    {
        FunctionId = functionId;
        Endpoint = endpoint;
        MultiValueHeaders = multiValueHeaders;
        var baseUri = endpoint.AbsoluteUri.TrimEnd('/');
        InvokeUri = new Uri($"{baseUri}/2015-03-31/functions/{Uri.EscapeDataString(functionId)}/invocations");
    }

    /// <summary>The target <c>Id</c>: a function name (optionally <c>name:qualifier</c>) or a function ARN.</summary>
    public string FunctionId { get; }

    public Uri Endpoint { get; }

    /// <summary><c>POST {LambdaEndpoint}/2015-03-31/functions/{FunctionName}/invocations</c>.</summary>
    public Uri InvokeUri { get; }

    /// <summary><c>lambda.multi_value_headers.enabled</c>: multi-value query/headers in the event and response (LAM-10, LAM-20).</summary>
    public bool MultiValueHeaders { get; }

    /// <summary>
    /// The function registered in <paramref name="group"/>, read from the config the group was built from
    /// (cached per group snapshot); null when the group has no target or is not a Lambda group.
    /// </summary>
    public static LambdaFunctionTarget? Find(LoadBalancerModel loadBalancer, TargetGroupModel group) =>
        Cache.GetValue(group, g => Resolve(loadBalancer.Config, g.Name));

    /// <summary>Reads the function of the named Lambda target group from a validated config.</summary>
    public static LambdaFunctionTarget? Resolve(AlbConfig config, string targetGroupName)
    {
        var tg = config.TargetGroups.FirstOrDefault(t => string.Equals(t.Name, targetGroupName, StringComparison.OrdinalIgnoreCase));
        if (tg is null || tg.TargetType != TargetTypes.Lambda)
        {
            return null;
        }

        var target = tg.Targets.FirstOrDefault(t => !string.IsNullOrEmpty(t.Id) && !string.IsNullOrEmpty(t.LambdaEndpoint));
        if (target is null || !Uri.TryCreate(target.LambdaEndpoint, UriKind.Absolute, out var endpoint))
        {
            return null;
        }

        var multiValue = tg.TargetGroupAttributes
            .Where(a => string.Equals(a.Key, MultiValueAttribute, StringComparison.Ordinal))
            .Select(a => string.Equals(a.Value, "true", StringComparison.OrdinalIgnoreCase))
            .LastOrDefault();
        return new LambdaFunctionTarget(target.Id!, endpoint, multiValue);
    }
}
