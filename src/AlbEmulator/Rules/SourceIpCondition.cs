namespace AlbEmulator.Rules;

/// <summary>
/// <c>source-ip</c> (RULE-25): the TCP peer address (never X-Forwarded-For) is in one of the CIDR
/// blocks. A request without a peer address never matches.
/// </summary>
internal sealed class SourceIpCondition : IRuleCondition
{
    private readonly IpNetwork[] _networks;

    public SourceIpCondition(IEnumerable<string> cidrs)
    {
        _networks =
        [
            .. cidrs.Select(c => IpNetwork.TryParse(c, out var network)
                ? network
                : throw new ArgumentException($"source-ip value '{c}' is not a CIDR block.", nameof(cidrs))),
        ];
    }

    public int Cost => 1;

    public bool Matches(in RuleMatchRequest request)
    {
        foreach (var network in _networks)
        {
            if (network.Contains(request.RemoteIpAddress))
            {
                return true;
            }
        }

        return false;
    }
}
