using System.Text.Json.Nodes;

namespace AlbEmulator.Testing.Configuration;

/// <summary>Builds one entry of <c>LoadBalancers</c> (config-format §4): its scheme, attributes and listeners.</summary>
public sealed class LoadBalancerBuilder
{
    private readonly JsonObject _loadBalancer;

    internal LoadBalancerBuilder(JsonObject loadBalancer) => _loadBalancer = loadBalancer;

    /// <summary><c>Scheme</c>: <c>internet-facing</c> (default) or <c>internal</c> (the DNS name starts with <c>internal-</c>).</summary>
    public LoadBalancerBuilder Scheme(string scheme)
    {
        _loadBalancer["Scheme"] = scheme;
        return this;
    }

    /// <summary><c>IpAddressType</c>: <c>ipv4</c> (default), <c>dualstack</c> or <c>dualstack-without-public-ipv4</c>.</summary>
    public LoadBalancerBuilder IpAddressType(string ipAddressType)
    {
        _loadBalancer["IpAddressType"] = ipAddressType;
        return this;
    }

    /// <summary>Adds a <c>LoadBalancerAttributes</c> entry of this load balancer, e.g. <c>("idle_timeout.timeout_seconds", "60")</c>.</summary>
    public LoadBalancerBuilder Attribute(string key, string value)
    {
        JsonBuild.AddKeyValue(_loadBalancer, "LoadBalancerAttributes", key, value);
        return this;
    }

    /// <summary>Adds a listener of this load balancer (its port must differ from every other load balancer's).</summary>
    public LoadBalancerBuilder Listener(int port, string protocol, Action<ListenerBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var listener = new JsonObject { ["Port"] = port, ["Protocol"] = protocol };
        configure(new ListenerBuilder(listener));
        JsonBuild.Array(_loadBalancer, "Listeners").Add(listener);
        return this;
    }
}
