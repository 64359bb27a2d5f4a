using AlbEmulator.Configuration;

namespace AlbEmulator.Tests.Configuration;

/// <summary>Small config documents for the reader and validator tests.</summary>
internal static class ConfigTestData
{
    public static string SamplePath => Path.Combine(AppContext.BaseDirectory, "Configuration", "Data", "sample-config.json");

    /// <summary>A valid document with one HTTP listener on 8080 forwarding to group 'web'; fragments replace parts of it.</summary>
    public static string Document(
        string lbAttributes = "",
        string defaultActions = """[ { "Type": "forward", "TargetGroupName": "web" } ]""",
        string rules = "",
        string listenerExtra = "",
        string targetGroupExtra = "",
        string extraTargetGroups = "",
        string protocol = "HTTP",
        string targets = """[ { "Id": "127.0.0.1" } ]""") => $$"""
        {
          "LoadBalancer": { "LoadBalancerAttributes": [ {{lbAttributes}} ] },
          "Listeners": [
            {
              "Port": 8080, "Protocol": "{{protocol}}", {{listenerExtra}}
              "DefaultActions": {{defaultActions}},
              "Rules": [ {{rules}} ]
            }
          ],
          "TargetGroups": [
            { "Name": "web", "Protocol": "HTTP", "Port": 80, {{targetGroupExtra}} "Targets": {{targets}} },
            { "Name": "grpc", "Protocol": "HTTP", "ProtocolVersion": "GRPC", "Port": 50051, "Targets": [ { "Id": "127.0.0.1" } ] }
            {{extraTargetGroups}}
          ]
        }
        """;

    /// <summary>A rule with priority 10 and the given conditions and actions.</summary>
    public static string Rule(string conditions, string actions = """[ { "Type": "forward", "TargetGroupName": "web" } ]""") =>
        $$"""{ "Priority": 10, "Conditions": {{conditions}}, "Actions": {{actions}} }""";

    /// <summary>Reads (asserting no read errors) and validates; returns the errors as strings.</summary>
    public static List<string> Validate(string json)
    {
        var read = AlbConfigReader.ReadJson(json, "/base");
        Assert.Empty(read.Errors);
        Assert.NotNull(read.Config);
        return AlbConfigValidator.Validate(read.Config).Select(e => e.ToString()).ToList();
    }
}
