using System.Text;
using AlbEmulator.Configuration;

namespace AlbEmulator.Model;

/// <summary>The routing action of a rule or of a listener's default rule (ACT-1).</summary>
public abstract class ActionModel
{
    /// <summary>The access-log <c>actions_executed</c> token (<c>forward</c>, <c>redirect</c>, <c>fixed-response</c>).</summary>
    public abstract string LogName { get; }
}

/// <summary>A target group of a forward action with its weight (ACT-10).</summary>
public sealed record WeightedTargetGroup(TargetGroupModel TargetGroup, int Weight);

/// <summary><c>forward</c> to one group or to weighted groups (ACT-10, STK-30).</summary>
public sealed class ForwardActionModel : ActionModel
{
    public ForwardActionModel(IReadOnlyList<WeightedTargetGroup> groups, bool stickinessEnabled, int stickinessDurationSeconds)
    {
        Groups = groups;
        StickinessEnabled = stickinessEnabled && groups.Count > 1;
        StickinessDurationSeconds = stickinessDurationSeconds;
        TotalWeight = groups.Sum(g => g.Weight);
    }

    public override string LogName => "forward";

    public IReadOnlyList<WeightedTargetGroup> Groups { get; }

    public int TotalWeight { get; }

    /// <summary>Target-group stickiness (AWSALBTG); only meaningful with several groups.</summary>
    public bool StickinessEnabled { get; }

    public int StickinessDurationSeconds { get; }

    public bool IsWeighted => Groups.Count > 1;
}

/// <summary><c>redirect</c> (ACT-20).</summary>
public sealed class RedirectActionModel : ActionModel
{
    public RedirectActionModel(RedirectActionConfig config)
    {
        Config = config;
        StatusCode = Rules.RedirectUrlBuilder.RedirectStatusCode(config.StatusCode ?? "HTTP_301");
    }

    public override string LogName => "redirect";

    public RedirectActionConfig Config { get; }

    public int StatusCode { get; }
}

/// <summary><c>fixed-response</c> (ACT-30).</summary>
public sealed class FixedResponseActionModel : ActionModel
{
    public FixedResponseActionModel(FixedResponseActionConfig config)
    {
        StatusCode = int.Parse(config.StatusCode ?? "200");

        // [EMU] ALB was observed to append "; charset=utf-8" to text/plain; AlbEmulator appends it to
        // every content type (alb-data-plane.md ACT-30, open point 3).
        ContentType = config.ContentType is { Length: > 0 } type ? type + "; charset=utf-8" : null;
        Body = Encoding.UTF8.GetBytes(config.MessageBody ?? "");
    }

    public override string LogName => "fixed-response";

    public int StatusCode { get; }

    public string? ContentType { get; }

    public byte[] Body { get; }
}
