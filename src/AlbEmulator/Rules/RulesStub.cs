using System.Net;
using AlbEmulator.Configuration;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Rules;

// TEMPORARY STUB (replaced by the rules branch).
public readonly struct RuleMatchRequest
{
    public RuleMatchRequest(string method, string? host, string path, string queryString, IHeaderDictionary headers, IPAddress? remoteIpAddress)
    {
        Method = method;
        Host = host;
        Path = path;
        QueryString = queryString;
        Headers = headers;
        RemoteIpAddress = remoteIpAddress;
    }

    public string Method { get; }

    public string? Host { get; }

    public string Path { get; }

    public string QueryString { get; }

    public IHeaderDictionary Headers { get; }

    public IPAddress? RemoteIpAddress { get; }
}

public sealed class RuleConditionSet
{
    private readonly IReadOnlyList<RuleConditionConfig> _conditions;

    private RuleConditionSet(IReadOnlyList<RuleConditionConfig> conditions) => _conditions = conditions;

    public static RuleConditionSet Compile(IReadOnlyList<RuleConditionConfig> conditions) => new(conditions);

    public bool Matches(in RuleMatchRequest request)
    {
        foreach (var c in _conditions)
        {
            var values = c.PathPatternConfig?.Values ?? c.Values;
            var path = request.Path;
            if (c.Field == "path-pattern" && values is not null && !values.Any(v => v == path || (v.EndsWith('*') && path.StartsWith(v[..^1], StringComparison.Ordinal))))
            {
                return false;
            }
        }

        return true;
    }
}

public readonly struct RedirectSource
{
    public RedirectSource(string protocol, string? host, int listenerPort, string path, string queryString, string fallbackHost)
    {
        Protocol = protocol;
        Host = host;
        ListenerPort = listenerPort;
        Path = path;
        QueryString = queryString;
        FallbackHost = fallbackHost;
    }

    public string Protocol { get; }

    public string? Host { get; }

    public int ListenerPort { get; }

    public string Path { get; }

    public string QueryString { get; }

    public string FallbackHost { get; }
}

public static class RedirectUrlBuilder
{
    public static string? Build(RedirectActionConfig config, in RedirectSource source) =>
        $"{(config.Protocol ?? source.Protocol).ToLowerInvariant()}://{config.Host ?? source.Host}:{config.Port ?? source.ListenerPort.ToString()}{source.Path}";

    public static int RedirectStatusCode(string configStatus) => configStatus == "HTTP_302" ? 302 : 301;
}
