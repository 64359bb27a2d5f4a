using System.Text.Json.Nodes;

namespace AlbEmulator.Testing.Configuration;

/// <summary>Builds a <c>ForwardConfig</c>: weighted target groups and <c>TargetGroupStickinessConfig</c>.</summary>
public sealed class ForwardConfigBuilder
{
    private readonly JsonObject _forwardConfig;

    internal ForwardConfigBuilder(JsonObject forwardConfig) => _forwardConfig = forwardConfig;

    /// <summary>Adds <c>{ TargetGroupName, Weight }</c> (weight 0-999).</summary>
    public ForwardConfigBuilder TargetGroup(string targetGroupName, int weight = 1)
    {
        JsonBuild.Array(_forwardConfig, "TargetGroups").Add(new JsonObject { ["TargetGroupName"] = targetGroupName, ["Weight"] = weight });
        return this;
    }

    /// <summary>
    /// Enables target-group stickiness (<c>TargetGroupStickinessConfig</c>, the <c>AWSALBTG</c> cookie) for
    /// <paramref name="durationSeconds"/> (1-604800).
    /// </summary>
    public ForwardConfigBuilder Stickiness(int durationSeconds)
    {
        _forwardConfig["TargetGroupStickinessConfig"] = new JsonObject { ["Enabled"] = true, ["DurationSeconds"] = durationSeconds };
        return this;
    }
}
