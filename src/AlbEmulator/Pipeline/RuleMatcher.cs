using AlbEmulator.Model;
using AlbEmulator.Rules;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Pipeline;

/// <summary>Rule evaluation (RULE-2): rules in ascending priority, the first whose conditions all match wins, else the default rule.</summary>
public static class RuleMatcher
{
    public static RuleModel Match(HttpContext context, AlbRequestState state)
    {
        var rules = state.Listener.Rules;
        if (rules.Count == 0)
        {
            return state.Listener.DefaultRule;
        }

        var request = CreateRuleMatchRequest(context);

        for (var i = 0; i < rules.Count; i++)
        {
            state.RulesEvaluated++;
            if (rules[i].Conditions.Matches(in request))
            {
                return rules[i];
            }
        }

        return state.Listener.DefaultRule;
    }

    /// <summary>
    /// The rule-matching facts of a request. An origin-form target (<c>/path?query</c>, the common case)
    /// is not split into new strings: the request keeps the raw target and the offsets of its parts.
    /// </summary>
    public static RuleMatchRequest CreateRuleMatchRequest(HttpContext context)
    {
        var raw = RequestFacts.RawTarget(context);
        var host = RequestFacts.OriginalHost(context);
        if (raw.StartsWith('/'))
        {
            var question = raw.IndexOf('?');
            return question < 0
                ? new RuleMatchRequest(context.Request.Method, host, raw, raw.Length, raw.Length, context.Request.Headers, context.Connection.RemoteIpAddress)
                : new RuleMatchRequest(context.Request.Method, host, raw, question, question + 1, context.Request.Headers, context.Connection.RemoteIpAddress);
        }

        var (path, query) = RequestFacts.SplitTarget(raw);
        return new RuleMatchRequest(context.Request.Method, host, path, query, context.Request.Headers, context.Connection.RemoteIpAddress);
    }
}
