using System.Text.Json;

namespace AlbEmulator.TargetGroups;

/// <summary>
/// The body of the admin endpoint's <c>GET /targets</c>: every target group with its name and ARN and
/// the describe-target-health entries of its targets, in the API's field names.
/// </summary>
public static class TargetHealthJson
{
    public static void Write(Utf8JsonWriter writer, TargetRegistry registry)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("TargetGroups");
        foreach (var group in registry.Groups)
        {
            writer.WriteStartObject();
            writer.WriteString("TargetGroupName", group.Name);
            writer.WriteString("TargetGroupArn", group.Arn);
            writer.WriteStartArray("TargetHealthDescriptions");
            foreach (var description in registry.DescribeTargetHealth(group.Arn))
            {
                WriteDescription(writer, description);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteDescription(Utf8JsonWriter writer, TargetHealthDescription description)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("Target");
        writer.WriteString("Id", description.Target.Id);
        if (description.Target.Port is { } port)
        {
            writer.WriteNumber("Port", port);
        }

        writer.WriteEndObject();
        writer.WriteString("HealthCheckPort", description.HealthCheckPort);
        writer.WriteStartObject("TargetHealth");
        writer.WriteString("State", description.TargetHealth.StateName);
        if (description.TargetHealth.Reason is { } reason)
        {
            writer.WriteString("Reason", reason);
        }

        if (description.TargetHealth.Description is { } text)
        {
            writer.WriteString("Description", text);
        }

        writer.WriteEndObject();
        if (description.AnomalyDetection is { } anomaly)
        {
            writer.WriteStartObject("AnomalyDetection");
            writer.WriteString("Result", anomaly.Result);
            writer.WriteString("MitigationInEffect", anomaly.MitigationInEffect);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
