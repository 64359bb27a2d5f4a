using System.Text.Json.Nodes;

namespace AlbEmulator.Testing.Configuration;

/// <summary>Builds one entry of <c>TargetGroups</c> with its CloudFormation properties and <c>Targets</c>.</summary>
public sealed class TargetGroupBuilder
{
    private readonly JsonObject _group;

    internal TargetGroupBuilder(JsonObject group) => _group = group;

    /// <summary><c>Protocol</c>: <c>HTTP</c> or <c>HTTPS</c> (to the targets).</summary>
    public TargetGroupBuilder Protocol(string protocol) => Set("Protocol", protocol);

    /// <summary><c>ProtocolVersion</c>: <c>HTTP1</c> (default), <c>HTTP2</c> or <c>GRPC</c>.</summary>
    public TargetGroupBuilder ProtocolVersion(string protocolVersion) => Set("ProtocolVersion", protocolVersion);

    /// <summary><c>Port</c>: the default port of the group's targets.</summary>
    public TargetGroupBuilder Port(int port) => Set("Port", port);

    /// <summary><c>TargetType</c>: <c>ip</c> (default here), <c>instance</c> or <c>lambda</c>.</summary>
    public TargetGroupBuilder TargetType(string targetType) => Set("TargetType", targetType);

    /// <summary><c>HealthCheckPath</c>.</summary>
    public TargetGroupBuilder HealthCheckPath(string path) => Set("HealthCheckPath", path);

    /// <summary><c>HealthCheckEnabled</c>.</summary>
    public TargetGroupBuilder HealthCheckEnabled(bool enabled) => Set("HealthCheckEnabled", enabled);

    /// <summary>Adds a <c>TargetGroupAttributes</c> entry, e.g. <c>("deregistration_delay.timeout_seconds", "0")</c>.</summary>
    public TargetGroupBuilder Attribute(string key, string value)
    {
        JsonBuild.AddKeyValue(_group, "TargetGroupAttributes", key, value);
        return this;
    }

    /// <summary>Registers a target: an IP address or [ext] a DNS host name; <paramref name="port"/> defaults to the group's <c>Port</c>.</summary>
    public TargetGroupBuilder Target(string id, int? port = null)
    {
        var target = new JsonObject { ["Id"] = id };
        if (port is not null)
        {
            target["Port"] = port.Value;
        }

        JsonBuild.Array(_group, "Targets").Add(target);
        return this;
    }

    /// <summary>Registers the host and port of a URL (<c>http://127.0.0.1:5001</c>) as a target.</summary>
    public TargetGroupBuilder Target(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Target(url.Host.Trim('[', ']'), url.Port);
    }

    /// <summary>Sets any other property of the target group (e.g. <c>("Matcher", new JsonObject { ["HttpCode"] = "200-399" })</c>).</summary>
    public TargetGroupBuilder Property(string name, JsonNode? value) => Set(name, value);

    private TargetGroupBuilder Set(string name, JsonNode? value)
    {
        _group[name] = value;
        return this;
    }
}
