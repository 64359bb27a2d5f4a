using AlbEmulator.Configuration.Reading;

namespace AlbEmulator.Tests.Configuration.Reading;

/// <summary>YAML scalars as JSON (Configuration/Reading/YamlConfig): numbers keep JSON's shortest text, whatever the YAML spelling.</summary>
public sealed class YamlConfigTests
{
    [Theory]
    [InlineData("a: 1", """{"a":1}""")]
    [InlineData("a: -7", """{"a":-7}""")]
    [InlineData("a: 1.5", """{"a":1.5}""")]
    [InlineData("a: 1.5e3", """{"a":1500}""")]
    [InlineData("a: 0.1", """{"a":0.1}""")]
    [InlineData("a: 1e300", """{"a":1E+300}""")]
    [InlineData("a: .5", """{"a":0.5}""")]
    [InlineData("a: 1.0", """{"a":1}""")]
    [InlineData("a: '1.5'", """{"a":"1.5"}""")]
    [InlineData("a: .inf", """{"a":".inf"}""")]
    [InlineData("a: true", """{"a":true}""")]
    [InlineData("a: ~", """{"a":null}""")]
    public void Scalar_AsJson(string yaml, string json)
    {
        Assert.Null(YamlConfig.ToJson(yaml, out var text));
        Assert.Equal(json, text);
    }

    [Fact]
    public void NumberWithExponent_ReadsAsAnInteger()
    {
        Assert.Null(YamlConfig.ToJson("Port: 8.08e3", out var text));

        Assert.Equal(8080, System.Text.Json.Nodes.JsonNode.Parse(text)!["Port"]!.GetValue<int>());
    }
}
