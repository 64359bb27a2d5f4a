using System.Text.RegularExpressions;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// The shapes of ELBv2 ARNs (alb-observability-api §4.5). A string that does not have the shape of the
/// ARN a member expects is <c>ValidationError</c>, as in AWS; a well-formed ARN of a resource that does
/// not exist is the resource's <c>*NotFound</c>.
/// </summary>
internal static partial class ArnFormat
{
    private const string Prefix = @"^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:";
    private const string Name = "[A-Za-z0-9-]{1,32}";
    private const string Id = "[0-9a-f]{16}";

    public static void RequireLoadBalancer(string arn) => Require(arn, LoadBalancer(), "load balancer");

    public static void RequireTargetGroup(string arn) => Require(arn, TargetGroup(), "target group");

    public static void RequireListener(string arn) => Require(arn, Listener(), "listener");

    public static void RequireRule(string arn) => Require(arn, Rule(), "rule");

    public static bool IsTargetGroup(string arn) => TargetGroup().IsMatch(arn);

    private static void Require(string arn, Regex shape, string kind)
    {
        if (!shape.IsMatch(arn))
        {
            throw AlbApiError.Validation($"'{(arn.Length > 300 ? arn[..300] + "..." : arn)}' is not a valid {kind} ARN");
        }
    }

    [GeneratedRegex(Prefix + "loadbalancer/(app|net|gwy)/" + Name + "/" + Id + "$", RegexOptions.CultureInvariant)]
    private static partial Regex LoadBalancer();

    [GeneratedRegex(Prefix + "targetgroup/" + Name + "/" + Id + "$", RegexOptions.CultureInvariant)]
    private static partial Regex TargetGroup();

    [GeneratedRegex(Prefix + "listener/(app|net|gwy)/" + Name + "/" + Id + "/" + Id + "$", RegexOptions.CultureInvariant)]
    private static partial Regex Listener();

    [GeneratedRegex(Prefix + "listener-rule/(app|net|gwy)/" + Name + "/" + Id + "/" + Id + "/" + Id + "$", RegexOptions.CultureInvariant)]
    private static partial Regex Rule();
}
