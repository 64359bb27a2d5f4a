using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlbEmulator.Configuration.CloudFormation;

/// <summary>
/// The emulator config document that an imported definition (a CloudFormation template or a Terraform plan/state)
/// becomes: load balancers with their listeners, and the top-level target groups, trust stores and WAF resources.
/// One load balancer uses the §2 shape (<c>LoadBalancer</c> + <c>Listeners</c>), several the §4 shape
/// (<c>LoadBalancers[]</c>); the ordinary reader and validator then check the result.
/// </summary>
internal sealed class TemplateDocument
{
    private static readonly HashSet<string> IntKeys = ["Port", "Priority", "Order", "Weight", "DurationSeconds", "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds", "HealthyThresholdCount", "UnhealthyThresholdCount", "SessionTimeout"];
    private static readonly HashSet<string> BoolKeys = ["HealthCheckEnabled", "Enabled", "IgnoreClientCertificateExpiry"];
    private static readonly HashSet<string> StringKeys = ["HealthCheckPort", "StatusCode", "Value", "Key", "HttpCode", "GrpcCode", "MessageBody"];

    private readonly List<JsonObject> _loadBalancers = [];

    public JsonArray TargetGroups { get; } = [];

    public JsonArray TrustStores { get; } = [];

    public JsonArray WebACLs { get; } = [];

    public JsonArray IPSets { get; } = [];

    public JsonArray RegexPatternSets { get; } = [];

    /// <summary>[ext] Certificate ARN → local PEM files (the config's top-level <c>Certificates</c>).</summary>
    public JsonObject Certificates { get; } = [];

    /// <summary>
    /// Carries the overrides' <c>Certificates</c> entries keyed by ARN into the config, so that a certificate the ELBv2 API
    /// names later (AddListenerCertificates, CreateListener, ModifyListener) is served from its files too.
    /// </summary>
    public void AddLocalCertificates(TemplateOverrides overrides)
    {
        foreach (var (key, _) in overrides.Certificates)
        {
            if (Validators.ListenerValidator.IsCertificateArn(key) && overrides.LocalCertificate(key) is { } local)
            {
                Certificates[key] = local;
            }
        }
    }

    /// <summary>Adds a load balancer (Name, attributes, WebACLName); returns its listener list to fill.</summary>
    public JsonArray AddLoadBalancer(JsonObject loadBalancer)
    {
        var listeners = new JsonArray();
        loadBalancer["Listeners"] = listeners;
        _loadBalancers.Add(loadBalancer);
        return listeners;
    }

    /// <summary>Normalizes the document, reads it with the config reader and adds the importer's own errors first.</summary>
    public TemplateTranslation Read(string baseDirectory, List<ConfigError> errors, List<string> running, List<string> skipped, List<string> unmapped)
    {
        var document = ToConfig();
        Normalize(document);
        var read = AlbConfigReader.ReadJson(document.ToJsonString(), baseDirectory);
        return new TemplateTranslation(read with { Errors = [.. errors, .. read.Errors] }, running, skipped, unmapped) { Document = document };
    }

    public JsonObject ToConfig()
    {
        var document = new JsonObject();
        if (_loadBalancers.Count > 1)
        {
            document["LoadBalancers"] = new JsonArray([.. _loadBalancers.Select(l => l.DeepClone())]);
        }
        else
        {
            var only = _loadBalancers.Count == 1 ? (JsonObject)_loadBalancers[0].DeepClone() : null;
            var listeners = only?["Listeners"]?.DeepClone() ?? new JsonArray();
            only?.Remove("Listeners");
            if (only is not null)
            {
                document["LoadBalancer"] = only;
            }

            document["Listeners"] = listeners;
        }

        document["TargetGroups"] = TargetGroups.DeepClone();
        foreach (var (name, list) in new[] { ("TrustStores", TrustStores), ("WebACLs", WebACLs), ("IPSets", IPSets), ("RegexPatternSets", RegexPatternSets) })
        {
            if (list.Count > 0)
            {
                document[name] = list.DeepClone();
            }
        }

        if (Certificates.Count > 0)
        {
            document["Certificates"] = Certificates.DeepClone();
        }

        return document;
    }

    /// <summary>Imported values become the JSON types the config reader expects (CloudFormation accepts "80" for 80 and 80 for "80").</summary>
    public static void Normalize(JsonNode? node, string parent = "")
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Normalize(item, parent);
                }

                break;
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var value = obj[key];
                    if (value is JsonValue scalar)
                    {
                        var kind = scalar.GetValueKind();
                        var isInt = IntKeys.Contains(key) && parent != "RedirectConfig";
                        if (isInt && kind == JsonValueKind.String && int.TryParse(scalar.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                        {
                            obj[key] = number;
                        }
                        else if (BoolKeys.Contains(key) && kind == JsonValueKind.String && bool.TryParse(scalar.GetValue<string>(), out var flag))
                        {
                            obj[key] = flag;
                        }
                        else if ((StringKeys.Contains(key) || (key == "Port" && parent == "RedirectConfig")) && kind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                        {
                            obj[key] = scalar.ToJsonString();
                        }
                    }
                    else
                    {
                        Normalize(value, key);
                    }
                }

                break;
        }
    }
}
