using System.Text;
using AlbEmulator.Lambda;

namespace AlbEmulator.Tests.Lambda;

public sealed class LambdaEventBuilderTests
{
    private const string Arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/fn/0123456789abcdef";

    private static readonly KeyValuePair<string, string>[] Headers =
    [
        new("user-agent", "curl/8.0"),
        new("cookie", "name1=value1"),
        new("cookie", "name2=value2"),
        new("accept", "*/*"),
        new("host", "example.com"),
        new("x-amzn-trace-id", "Root=1-5bdb40ca-556d8b0c50dc66f0511bf520"),
        new("x-forwarded-for", "72.21.198.66"),
        new("x-forwarded-port", "80"),
        new("x-forwarded-proto", "http"),
    ];

    private static string Build(LambdaEventRequest request)
    {
        Assert.True(LambdaEventBuilder.TryBuild(request, out var json));
        return Encoding.UTF8.GetString(json);
    }

    [Fact]
    public void TryBuild_SingleValue_GoldenJson()
    {
        // LAM-10..LAM-12: last value wins, query still URL-encoded, header names sorted [EMU].
        var request = new LambdaEventRequest(Arn, "GET", "/a%20b/c", "myKey=val1&q=a%2Bb%20c&myKey=val2&empty=&bare", Headers, ReadOnlyMemory<byte>.Empty, MultiValueHeaders: false);
        Assert.Equal(
            "{\"requestContext\":{\"elb\":{\"targetGroupArn\":\"" + Arn + "\"}},\"httpMethod\":\"GET\",\"path\":\"/a%20b/c\"," +
            "\"queryStringParameters\":{\"myKey\":\"val2\",\"q\":\"a%2Bb%20c\",\"empty\":\"\",\"bare\":\"\"}," +
            "\"headers\":{\"accept\":\"*/*\",\"cookie\":\"name2=value2\",\"host\":\"example.com\",\"user-agent\":\"curl/8.0\"," +
            "\"x-amzn-trace-id\":\"Root=1-5bdb40ca-556d8b0c50dc66f0511bf520\",\"x-forwarded-for\":\"72.21.198.66\",\"x-forwarded-port\":\"80\",\"x-forwarded-proto\":\"http\"}," +
            "\"isBase64Encoded\":false,\"body\":\"\"}",
            Build(request));
    }

    [Fact]
    public void TryBuild_MultiValue_GoldenJson()
    {
        var request = new LambdaEventRequest(Arn, "POST", "/", "myKey=val1&myKey=val2", Headers, Encoding.UTF8.GetBytes("request_body"), MultiValueHeaders: true);
        var withType = request with { Headers = [.. Headers, new("content-type", "text/plain")] };
        Assert.Equal(
            "{\"requestContext\":{\"elb\":{\"targetGroupArn\":\"" + Arn + "\"}},\"httpMethod\":\"POST\",\"path\":\"/\"," +
            "\"multiValueQueryStringParameters\":{\"myKey\":[\"val1\",\"val2\"]}," +
            "\"multiValueHeaders\":{\"accept\":[\"*/*\"],\"content-type\":[\"text/plain\"],\"cookie\":[\"name1=value1\",\"name2=value2\"],\"host\":[\"example.com\"],\"user-agent\":[\"curl/8.0\"]," +
            "\"x-amzn-trace-id\":[\"Root=1-5bdb40ca-556d8b0c50dc66f0511bf520\"],\"x-forwarded-for\":[\"72.21.198.66\"],\"x-forwarded-port\":[\"80\"],\"x-forwarded-proto\":[\"http\"]}," +
            "\"isBase64Encoded\":false,\"body\":\"request_body\"}",
            Build(withType));
    }

    [Fact]
    public void TryBuild_NoQuery_EmptyObjects()
    {
        // LAM-13: no query string → {} (and the multi-value form {} [UNCONFIRMED]).
        var single = Build(new LambdaEventRequest(Arn, "GET", "/", "", [], ReadOnlyMemory<byte>.Empty, false));
        var multi = Build(new LambdaEventRequest(Arn, "GET", "/", "", [], ReadOnlyMemory<byte>.Empty, true));
        Assert.Contains("\"queryStringParameters\":{},\"headers\":{},\"isBase64Encoded\":false,\"body\":\"\"", single);
        Assert.Contains("\"multiValueQueryStringParameters\":{},\"multiValueHeaders\":{},", multi);
    }

    [Theory]
    [InlineData("text/plain", false)]
    [InlineData("text/html; charset=utf-8", false)]
    [InlineData("TEXT/CSV", false)]
    [InlineData("application/json", false)]
    [InlineData("application/json;charset=UTF-8", false)]
    [InlineData("application/javascript", false)]
    [InlineData("application/xml", false)]
    [InlineData("application/octet-stream", true)]
    [InlineData("application/x-www-form-urlencoded", true)]
    [InlineData("application/vnd.api+json", true)]
    [InlineData("image/png", true)]
    [InlineData(null, true)]
    public void TryBuild_ContentType_Base64PerLam14(string? contentType, bool base64)
    {
        KeyValuePair<string, string>[] headers = contentType is null ? [] : [new("content-type", contentType)];
        var json = Build(new LambdaEventRequest(Arn, "POST", "/", "", headers, Encoding.UTF8.GetBytes("hi"), false));
        Assert.EndsWith(base64 ? "\"isBase64Encoded\":true,\"body\":\"aGk=\"}" : "\"isBase64Encoded\":false,\"body\":\"hi\"}", json);
    }

    [Fact]
    public void TryBuild_ContentEncoding_AlwaysBase64()
    {
        KeyValuePair<string, string>[] headers = [new("content-type", "application/json"), new("content-encoding", "gzip")];
        var json = Build(new LambdaEventRequest(Arn, "POST", "/", "", headers, new byte[] { 0x1f, 0x8b }, false));
        Assert.EndsWith("\"isBase64Encoded\":true,\"body\":\"H4s=\"}", json);
    }

    [Fact]
    public void TryBuild_TextBodyEscapedMinimally()
    {
        KeyValuePair<string, string>[] headers = [new("content-type", "text/plain")];
        var json = Build(new LambdaEventRequest(Arn, "POST", "/", "", headers, Encoding.UTF8.GetBytes("<a href='x'>&é\"\n</a>"), false));
        Assert.EndsWith("\"body\":\"<a href='x'>&é\\\"\\n</a>\"}", json);
    }

    [Fact]
    public void TryBuild_TextBodyNotUtf8_False()
    {
        // LAM-2 LambdaBadRequest.
        KeyValuePair<string, string>[] headers = [new("content-type", "application/json")];
        Assert.False(LambdaEventBuilder.TryBuild(new LambdaEventRequest(Arn, "POST", "/", "", headers, new byte[] { 0xC3, 0x28 }, false), out _));
    }

    [Fact]
    public void TryBuild_BinaryBodyNotUtf8_Base64()
    {
        Assert.True(LambdaEventBuilder.TryBuild(new LambdaEventRequest(Arn, "POST", "/", "", [], new byte[] { 0xC3, 0x28 }, false), out _));
    }

    [Fact]
    public void BuildHealthCheck_Hc14Exact()
    {
        var json = Encoding.UTF8.GetString(LambdaEventBuilder.BuildHealthCheck(Arn, "/", multiValueHeaders: false));
        Assert.Equal(
            "{\"requestContext\":{\"elb\":{\"targetGroupArn\":\"" + Arn + "\"}},\"httpMethod\":\"GET\",\"path\":\"/\"," +
            "\"queryStringParameters\":{},\"headers\":{\"user-agent\":\"ELB-HealthChecker/2.0\"},\"body\":\"\",\"isBase64Encoded\":false}",
            json);
    }

    [Fact]
    public void BuildHealthCheck_PathWithQuery_Split()
    {
        var json = Encoding.UTF8.GetString(LambdaEventBuilder.BuildHealthCheck(Arn, "/health?deep=1", multiValueHeaders: true));
        Assert.Contains("\"path\":\"/health\",\"multiValueQueryStringParameters\":{\"deep\":[\"1\"]},\"multiValueHeaders\":{\"user-agent\":[\"ELB-HealthChecker/2.0\"]}", json);
    }
}
