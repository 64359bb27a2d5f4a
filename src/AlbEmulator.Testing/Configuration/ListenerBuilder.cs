using System.Text.Json.Nodes;

namespace AlbEmulator.Testing.Configuration;

/// <summary>Builds one entry of <c>Listeners</c>: its <c>DefaultActions</c>, <c>Rules</c>, certificates and SSL policy.</summary>
public sealed class ListenerBuilder
{
    private readonly JsonObject _listener;

    internal ListenerBuilder(JsonObject listener) => _listener = listener;

    /// <summary><c>DefaultActions</c>: forward to one target group.</summary>
    public ListenerBuilder DefaultForward(string targetGroupName) => Default(JsonBuild.Forward(targetGroupName));

    /// <summary><c>DefaultActions</c>: forward with a <c>ForwardConfig</c> (weighted target groups, group stickiness).</summary>
    public ListenerBuilder DefaultForward(Action<ForwardConfigBuilder> configure) => Default(JsonBuild.WeightedForward(configure));

    /// <summary><c>DefaultActions</c>: a redirect (<c>RedirectConfig</c>; placeholders <c>#{protocol}</c>, <c>#{host}</c>, <c>#{port}</c>, <c>#{path}</c>, <c>#{query}</c>).</summary>
    public ListenerBuilder DefaultRedirect(string? protocol = null, string? host = null, string? port = null, string? path = null, string? query = null, int statusCode = 301) =>
        Default(JsonBuild.Redirect(protocol, host, port, path, query, statusCode));

    /// <summary><c>DefaultActions</c>: a fixed response (<c>FixedResponseConfig</c>).</summary>
    public ListenerBuilder DefaultFixedResponse(int statusCode, string? contentType = null, string? messageBody = null) =>
        Default(JsonBuild.FixedResponse(statusCode, contentType, messageBody));

    /// <summary>Adds a rule with a <c>Priority</c> (1-50000; lower evaluates first).</summary>
    public ListenerBuilder Rule(int priority, Action<RuleBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var rule = new JsonObject { ["Priority"] = priority, ["Conditions"] = new JsonArray(), ["Actions"] = new JsonArray() };
        configure(new RuleBuilder(rule));
        JsonBuild.Array(_listener, "Rules").Add(rule);
        return this;
    }

    /// <summary>[ext] A PEM certificate and key for an HTTPS listener (paths relative to the config's base directory).</summary>
    public ListenerBuilder Certificate(string certificateFile, string privateKeyFile)
    {
        JsonBuild.Array(_listener, "Certificates").Add(new JsonObject { ["CertificateFile"] = certificateFile, ["PrivateKeyFile"] = privateKeyFile });
        return this;
    }

    /// <summary>The listener's <c>SslPolicy</c> (an AWS policy name).</summary>
    public ListenerBuilder SslPolicy(string policyName)
    {
        _listener["SslPolicy"] = policyName;
        return this;
    }

    /// <summary>A listener attribute (LST-50, LST-51): header names and response headers, e.g. <c>routing.http.response.x_frame_options.header_value</c>.</summary>
    public ListenerBuilder Attribute(string key, string value)
    {
        JsonBuild.AddKeyValue(_listener, "ListenerAttributes", key, value);
        return this;
    }

    /// <summary>Mutual TLS (LST-40): <c>passthrough</c>, or <c>verify</c> against the trust store named <paramref name="trustStoreName"/> [ext].</summary>
    public ListenerBuilder MutualAuthentication(string mode, string? trustStoreName = null, bool? ignoreClientCertificateExpiry = null, bool advertiseTrustStoreCaNames = false)
    {
        var mutual = new JsonObject { ["Mode"] = mode };
        if (trustStoreName is not null)
        {
            mutual["TrustStoreName"] = trustStoreName;
        }

        if (ignoreClientCertificateExpiry is { } ignore)
        {
            mutual["IgnoreClientCertificateExpiry"] = ignore;
        }

        if (advertiseTrustStoreCaNames)
        {
            mutual["AdvertiseTrustStoreCaNames"] = "on";
        }

        _listener["MutualAuthentication"] = mutual;
        return this;
    }

    /// <summary>Edits the listener's JSON directly, for anything this builder has no method for.</summary>
    public ListenerBuilder Raw(Action<JsonObject> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        edit(_listener);
        return this;
    }

    private ListenerBuilder Default(JsonObject action)
    {
        _listener["DefaultActions"] = new JsonArray(action);
        return this;
    }
}
