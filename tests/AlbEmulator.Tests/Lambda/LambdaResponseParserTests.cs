using System.Text;
using AlbEmulator.Errors;
using AlbEmulator.Lambda;

namespace AlbEmulator.Tests.Lambda;

public sealed class LambdaResponseParserTests
{
    private static LambdaResponse Valid(string json, bool multiValue = false)
    {
        var error = LambdaResponseParser.Parse(Encoding.UTF8.GetBytes(json), multiValue, out var response, out var problem);
        Assert.True(error == AlbError.None, problem);
        return response!;
    }

    private static string Invalid(string json, bool multiValue = false)
    {
        var error = LambdaResponseParser.Parse(Encoding.UTF8.GetBytes(json), multiValue, out var response, out var problem);
        Assert.Equal(AlbError.LambdaInvalidResponse, error);
        Assert.Null(response);
        Assert.False(string.IsNullOrEmpty(problem));
        return problem!;
    }

    [Fact]
    public void Parse_Minimal_Defaults()
    {
        // LAM-21: {"statusCode": 200} alone is accepted; LAM-25: no Content-Type → application/octet-stream.
        var response = Valid("""{"statusCode":200}""");
        Assert.Equal(200, response.StatusCode);
        Assert.Null(response.ReasonPhrase);
        Assert.Empty(response.Body);
        Assert.Equal([new("Content-Type", "application/octet-stream")], response.Headers);
    }

    [Fact]
    public void Parse_Full_SingleValue()
    {
        var response = Valid("""
            {"statusCode":404,"statusDescription":"404 Not Here","isBase64Encoded":false,"body":"héllo",
             "headers":{"content-type":"text/plain","x-a":"1","Connection":"close","transfer-encoding":"chunked","content-length":"3","keep-alive":"x","upgrade":"h2c"},
             "multiValueHeaders":{"x-ignored":["1"]}}
            """);
        Assert.Equal(404, response.StatusCode);
        Assert.Equal("Not Here", response.ReasonPhrase);
        Assert.Equal("héllo"u8.ToArray(), response.Body);
        Assert.Equal([new("content-type", "text/plain"), new("x-a", "1")], response.Headers);
    }

    [Fact]
    public void Parse_Full_MultiValue()
    {
        var response = Valid("""
            {"statusCode":200,"headers":{"x-ignored":"1"},"multiValueHeaders":{"set-cookie":["a=1","b=2"],"content-type":["application/json"]},"body":"{}"}
            """, multiValue: true);
        Assert.Equal([new("set-cookie", "a=1"), new("set-cookie", "b=2"), new("content-type", "application/json")], response.Headers);
    }

    [Fact]
    public void Parse_Base64Body_Decoded()
    {
        // LAM-23.
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, Valid("""{"statusCode":200,"isBase64Encoded":true,"body":"AAEC/w=="}""").Body);
    }

    [Fact]
    public void Parse_HeadersInOtherField_IgnoredContentTypeDefaulted()
    {
        // LAM-25: headers in the field the attribute does not use → the client sees application/octet-stream.
        var response = Valid("""{"statusCode":200,"multiValueHeaders":{"content-type":["text/html"]}}""");
        Assert.Equal([new("Content-Type", "application/octet-stream")], response.Headers);
    }

    [Fact]
    public void Parse_UnknownFields_Ignored()
    {
        Assert.Equal(302, Valid("""{"statusCode":302,"cookies":["a=b"],"extra":{"x":null}}""").StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"statusCode\":200")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{}")]
    [InlineData("{\"statusCode\":null}")]
    [InlineData("{\"statusCode\":\"200\"}")]
    [InlineData("{\"statusCode\":200.5}")]
    [InlineData("{\"statusCode\":99}")]
    [InlineData("{\"statusCode\":101}")]
    [InlineData("{\"statusCode\":600}")]
    [InlineData("{\"statusCode\":200,\"statusDescription\":null}")]
    [InlineData("{\"statusCode\":200,\"statusDescription\":200}")]
    [InlineData("{\"statusCode\":200,\"statusDescription\":\"OK\"}")]
    [InlineData("{\"statusCode\":200,\"statusDescription\":\"200\"}")]
    [InlineData("{\"statusCode\":200,\"statusDescription\":\"200OK\"}")]
    [InlineData("{\"statusCode\":200,\"statusDescription\":\"200 O\\nK\"}")]
    [InlineData("{\"statusCode\":200,\"headers\":null}")]
    [InlineData("{\"statusCode\":200,\"multiValueHeaders\":null}")]
    [InlineData("{\"statusCode\":200,\"headers\":[]}")]
    [InlineData("{\"statusCode\":200,\"headers\":{\"x\":true}}")]
    [InlineData("{\"statusCode\":200,\"headers\":{\"x\":1}}")]
    [InlineData("{\"statusCode\":200,\"headers\":{\"x\":null}}")]
    [InlineData("{\"statusCode\":200,\"headers\":{\"x\":[\"a\"]}}")]
    [InlineData("{\"statusCode\":200,\"headers\":{\"bad name\":\"a\"}}")]
    [InlineData("{\"statusCode\":200,\"headers\":{\"\":\"a\"}}")]
    [InlineData("{\"statusCode\":200,\"headers\":{\"x\":\"a\\r\\nInjected: 1\"}}")]
    [InlineData("{\"statusCode\":200,\"headers\":{\"x\":\"caf\u00e9\"}}")]
    [InlineData("{\"statusCode\":200,\"body\":null}")]
    [InlineData("{\"statusCode\":200,\"body\":{}}")]
    [InlineData("{\"statusCode\":200,\"body\":1}")]
    [InlineData("{\"statusCode\":200,\"isBase64Encoded\":null}")]
    [InlineData("{\"statusCode\":200,\"isBase64Encoded\":\"true\"}")]
    [InlineData("{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"not base64!\"}")]
    public void Parse_SingleValue_Invalid(string json)
    {
        Invalid(json);
    }

    [Theory]
    [InlineData("{\"statusCode\":200,\"multiValueHeaders\":{\"x\":\"a\"}}")]
    [InlineData("{\"statusCode\":200,\"multiValueHeaders\":{\"x\":[true]}}")]
    [InlineData("{\"statusCode\":200,\"multiValueHeaders\":{\"x\":[null]}}")]
    [InlineData("{\"statusCode\":200,\"multiValueHeaders\":[]}")]
    [InlineData("{\"statusCode\":200,\"headers\":null}")]
    public void Parse_MultiValue_Invalid(string json)
    {
        Invalid(json, multiValue: true);
    }

    [Fact]
    public void Parse_Invalid_ProblemNamesTheField()
    {
        Assert.Contains("headers.x-flag", Invalid("""{"statusCode":200,"headers":{"x-flag":true}}"""));
        Assert.Contains("statusDescription", Invalid("""{"statusCode":200,"statusDescription":"OK"}"""));
    }
}
