using System.Text.Json.Nodes;

namespace AlbEmulator.Configuration.CloudFormation;

/// <summary>
/// The pseudo parameters a template sees when it runs here. Region and account come from the overrides file
/// (<c>"Region"</c>, <c>"AccountId"</c>); otherwise <c>us-east-1</c> and <c>123456789012</c>, as in the AWS examples.
/// </summary>
internal sealed record PseudoParameters(string Region, string AccountId, string StackName)
{
    public string StackId => $"arn:aws:cloudformation:{Region}:{AccountId}:stack/{StackName}/00000000-0000-0000-0000-000000000000";

    public JsonNode? Get(string name) => name switch
    {
        "AWS::Region" => JsonValue.Create(Region),
        "AWS::AccountId" => JsonValue.Create(AccountId),
        "AWS::StackName" => JsonValue.Create(StackName),
        "AWS::StackId" => JsonValue.Create(StackId),
        "AWS::Partition" => JsonValue.Create("aws"),
        "AWS::URLSuffix" => JsonValue.Create("amazonaws.com"),
        "AWS::NotificationARNs" => new JsonArray(),
        _ => null,
    };
}
