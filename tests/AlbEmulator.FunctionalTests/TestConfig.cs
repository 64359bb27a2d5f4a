using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>JSON fragments shared by the functional tests' configs.</summary>
internal static class TestConfig
{
    /// <summary>An HTTP1 target group named <paramref name="name"/> with one target: the backend.</summary>
    public static string TargetGroup(string name, TestBackend backend, string protocol = "HTTP", string protocolVersion = "HTTP1") =>
        $$"""{ "Name": "{{name}}", "Protocol": "{{protocol}}", "ProtocolVersion": "{{protocolVersion}}", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{backend.Port}} } ] }""";

    /// <summary>A target group per backend, named as the backend.</summary>
    public static string TargetGroups(params TestBackend[] backends) =>
        string.Join(",\n", backends.Select(b => TargetGroup(b.Name, b)));

    public static string Forward(string targetGroup) => $$"""{ "Type": "forward", "TargetGroupName": "{{targetGroup}}" }""";

    public static string Rule(int priority, string conditions, string targetGroup) =>
        $$"""{ "Priority": {{priority}}, "Conditions": [ {{conditions}} ], "Actions": [ {{Forward(targetGroup)}} ] }""";

    /// <summary>One HTTP listener on 8080: the rules, then the default forward to <paramref name="defaultGroup"/>.</summary>
    public static string HttpListenerWithRules(string defaultGroup, string targetGroups, params string[] rules) => $$"""
        {
          "Listeners": [ { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ {{Forward(defaultGroup)}} ], "Rules": [ {{string.Join(",\n", rules)}} ] } ],
          "TargetGroups": [ {{targetGroups}} ]
        }
        """;

    /// <summary>An HTTP listener on 8080 and an HTTPS listener on 8443, both forwarding to HTTP1 group <c>t</c> with one target on loopback.</summary>
    public static string HttpAndHttpsToTarget(int targetPort) => $$"""
        {
          "Listeners": [
            { "Port": 8080, "Protocol": "HTTP", "DefaultActions": [ {{Forward("t")}} ] },
            { "Port": 8443, "Protocol": "HTTPS", "DefaultActions": [ {{Forward("t")}} ] } ],
          "TargetGroups": [ { "Name": "t", "Protocol": "HTTP", "Port": 80, "Targets": [ { "Id": "127.0.0.1", "Port": {{targetPort}} } ] } ]
        }
        """;

    public static string Attributes(params (string Key, string Value)[] attributes) =>
        string.Join(", ", attributes.Select(a => $$"""{ "Key": "{{a.Key}}", "Value": "{{a.Value}}" }"""));
}
