using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlbEmulator.Testing.Configuration;

/// <summary>
/// A fluent builder for an AlbEmulator config in the CloudFormation vocabulary
/// (<c>AWS::ElasticLoadBalancingV2::*</c>, docs/configuration.md). It produces the same JSON document a
/// config file holds, so the emulator reads and validates it exactly as it reads a file.
/// </summary>
/// <example>
/// <code>
/// new AlbConfigBuilder()
///     .Listener(8080, "HTTP", l => l.DefaultForward("web").Rule(10, r => r.PathPattern("/api/*").Forward("api")))
///     .TargetGroup("web", tg => tg.Target("127.0.0.1", 5001))
///     .TargetGroup("api", tg => tg.ProtocolVersion("HTTP2").Target("127.0.0.1", 5002));
/// </code>
/// Several load balancers (config-format §4): the top-level <see cref="Name"/>, <see cref="Attribute"/> and
/// <see cref="Listener"/> describe the first one; <see cref="LoadBalancer"/> adds others.
/// <code>
/// new AlbConfigBuilder()
///     .Name("public").Listener(8080, "HTTP", l => l.DefaultForward("web"))
///     .LoadBalancer("internal", lb => lb.Scheme("internal").Listener(9080, "HTTP", l => l.DefaultForward("api")))
///     .TargetGroup("web").TargetGroup("api");
/// </code>
/// </example>
public sealed class AlbConfigBuilder
{
    private readonly JsonObject _loadBalancer = new();
    private readonly JsonArray _listeners = new();
    private readonly JsonArray _targetGroups = new();
    private readonly JsonArray _trustStores = new();
    private readonly JsonArray _otherLoadBalancers = new();

    /// <summary>The load balancer <c>Name</c> (default <c>local-alb</c>), used in ARNs and the access-log <c>elb</c> field.</summary>
    public AlbConfigBuilder Name(string name)
    {
        _loadBalancer["Name"] = name;
        return this;
    }

    /// <summary>Adds a <c>LoadBalancerAttributes</c> entry, e.g. <c>("idle_timeout.timeout_seconds", "60")</c>.</summary>
    public AlbConfigBuilder Attribute(string key, string value)
    {
        JsonBuild.AddKeyValue(_loadBalancer, "LoadBalancerAttributes", key, value);
        return this;
    }

    /// <summary>Adds a listener (<c>Port</c>, <c>Protocol</c> <c>HTTP</c>|<c>HTTPS</c>); configure its default action and rules.</summary>
    public AlbConfigBuilder Listener(int port, string protocol, Action<ListenerBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var listener = new JsonObject { ["Port"] = port, ["Protocol"] = protocol };
        configure(new ListenerBuilder(listener));
        _listeners.Add(listener);
        return this;
    }

    /// <summary>
    /// Adds another load balancer (config-format §4) with its own listeners and attributes; the document then
    /// uses the <c>LoadBalancers</c> shape. Listener ports are unique across all load balancers, and a target
    /// group is forwarded to by the listeners of one load balancer only (as AWS enforces).
    /// </summary>
    public AlbConfigBuilder LoadBalancer(string name, Action<LoadBalancerBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var loadBalancer = new JsonObject { ["Name"] = name, ["Listeners"] = new JsonArray() };
        configure(new LoadBalancerBuilder(loadBalancer));
        _otherLoadBalancers.Add(loadBalancer);
        return this;
    }

    /// <summary>Adds a target group (defaults: <c>Protocol</c> HTTP, <c>Port</c> 80, <c>TargetType</c> ip, no targets).</summary>
    public AlbConfigBuilder TargetGroup(string name, Action<TargetGroupBuilder>? configure = null)
    {
        var group = new JsonObject { ["Name"] = name, ["Protocol"] = "HTTP", ["Port"] = 80, ["TargetType"] = "ip", ["Targets"] = new JsonArray() };
        configure?.Invoke(new TargetGroupBuilder(group));
        _targetGroups.Add(group);
        return this;
    }

    /// <summary>[ext] A trust store for mutual TLS in verify mode: a PEM CA bundle and PEM CRLs (paths relative to the config's base directory).</summary>
    public AlbConfigBuilder TrustStore(string name, string caCertificatesBundleFile, params string[] revocationFiles)
    {
        var store = new JsonObject { ["Name"] = name, ["CaCertificatesBundleFile"] = caCertificatesBundleFile };
        if (revocationFiles.Length > 0)
        {
            store["RevocationFiles"] = JsonBuild.Values(revocationFiles);
        }

        _trustStores.Add(store);
        return this;
    }

    /// <summary>The config document (a fresh copy).</summary>
    public JsonObject ToJsonObject()
    {
        var document = new JsonObject();
        if (_otherLoadBalancers.Count == 0)
        {
            document["LoadBalancer"] = _loadBalancer.DeepClone();
            document["Listeners"] = _listeners.DeepClone();
        }
        else
        {
            // The first load balancer is the top-level one, unless nothing was said about it.
            var all = new JsonArray();
            if (_loadBalancer.Count > 0 || _listeners.Count > 0)
            {
                var first = (JsonObject)_loadBalancer.DeepClone();
                first["Listeners"] = _listeners.DeepClone();
                all.Add(first);
            }

            foreach (var other in _otherLoadBalancers)
            {
                all.Add(other!.DeepClone());
            }

            document["LoadBalancers"] = all;
        }

        document["TargetGroups"] = _targetGroups.DeepClone();
        if (_trustStores.Count > 0)
        {
            document["TrustStores"] = _trustStores.DeepClone();
        }

        return document;
    }

    /// <summary>The config document as indented JSON, ready to save as <c>alb.json</c>.</summary>
    public string ToJson() => ToJsonObject().ToJsonString(JsonBuild.Indented);
}

/// <summary>Helpers shared by the builders.</summary>
internal static class JsonBuild
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonArray Array(JsonObject parent, string name)
    {
        if (parent[name] is JsonArray existing)
        {
            return existing;
        }

        var array = new JsonArray();
        parent[name] = array;
        return array;
    }

    public static void AddKeyValue(JsonObject parent, string arrayName, string key, string value) =>
        Array(parent, arrayName).Add(new JsonObject { ["Key"] = key, ["Value"] = value });

    public static JsonArray Values(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    public static JsonObject Forward(string targetGroupName) => new() { ["Type"] = "forward", ["TargetGroupName"] = targetGroupName };

    public static JsonObject WeightedForward(Action<ForwardConfigBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var forwardConfig = new JsonObject { ["TargetGroups"] = new JsonArray() };
        configure(new ForwardConfigBuilder(forwardConfig));
        return new JsonObject { ["Type"] = "forward", ["ForwardConfig"] = forwardConfig };
    }

    public static JsonObject Redirect(string? protocol, string? host, string? port, string? path, string? query, int statusCode)
    {
        if (statusCode is not (301 or 302))
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A redirect's StatusCode is HTTP_301 or HTTP_302.");
        }

        var config = new JsonObject();
        void Set(string name, string? value)
        {
            if (value is not null)
            {
                config[name] = value;
            }
        }

        Set("Protocol", protocol);
        Set("Host", host);
        Set("Port", port);
        Set("Path", path);
        Set("Query", query);
        config["StatusCode"] = $"HTTP_{statusCode}";
        return new JsonObject { ["Type"] = "redirect", ["RedirectConfig"] = config };
    }

    public static JsonObject FixedResponse(int statusCode, string? contentType, string? messageBody)
    {
        var config = new JsonObject { ["StatusCode"] = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (contentType is not null)
        {
            config["ContentType"] = contentType;
        }

        if (messageBody is not null)
        {
            config["MessageBody"] = messageBody;
        }

        return new JsonObject { ["Type"] = "fixed-response", ["FixedResponseConfig"] = config };
    }
}
