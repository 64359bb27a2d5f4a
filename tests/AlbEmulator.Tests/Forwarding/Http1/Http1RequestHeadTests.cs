using System.Text;
using AlbEmulator.Forwarding.Http1;
using AlbEmulator.Headers;
using Microsoft.Extensions.Primitives;

namespace AlbEmulator.Tests.Forwarding.Http1;

/// <summary>
/// The request head bytes of the direct forwarder for a given sequence of header decisions: .NET's spelling and
/// order for HTTP/1.x clients, TG-21 casing for HTTP/2 clients, and the body framing lines each writes.
/// </summary>
public sealed class Http1RequestHeadTests
{
    [Fact]
    public void Http1Client_RequestHeadersThenChunkedThenContentHeaders()
    {
        var head = new Http1RequestHead();
        head.Start("PUT", "/up?a=1", downgrade: false, "h.test");
        head.Copy("x-request-id", "r");
        head.Copy("Content-Type", "text/plain");
        head.Copy("User-Agent", new StringValues(["a/1", "b/2"]));
        head.Host("h.test", rewritten: true);
        head.Add("X-Forwarded-For", "10.0.0.1");

        var body = head.Finish(hasBody: true, "PUT", out _);

        Assert.Equal(Http1RequestBody.Chunked, body);
        Assert.Equal(
            "PUT /up?a=1 HTTP/1.1\r\nX-Request-ID: r\r\nUser-Agent: a/1 b/2\r\nHost: h.test\r\nX-Forwarded-For: 10.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n",
            Text(head));
    }

    [Fact]
    public void Http2Client_HostFirst_LowerCase_ContentLengthLast()
    {
        var head = new Http1RequestHead();
        head.Start("POST", "/p", downgrade: true, "h.test");
        head.Copy("content-length", "5");
        head.Copy("content-type", "text/plain");
        head.Copy("cookie", CookieHeader.Join(new StringValues(["a=1", "b=2"]))); // as ForwardedRequestHeaders hands it over (TG-23)
        head.Host("h.test", rewritten: true);
        head.Add("X-Amzn-Trace-Id", "Root=1-x");

        var body = head.Finish(hasBody: true, "POST", out var length);

        Assert.Equal((Http1RequestBody.ContentLength, 5L), (body, length));
        Assert.Equal(
            "POST /p HTTP/1.1\r\nHost: h.test\r\ncookie: a=1; b=2\r\nX-Amzn-Trace-Id: Root=1-x\r\ncontent-type: text/plain\r\ncontent-length: 5\r\n\r\n",
            Text(head));
    }

    [Theory]
    [InlineData("POST", false, "Content-Length: 0\r\n")]
    [InlineData("PATCH", false, "Content-Length: 0\r\n")]
    [InlineData("GET", false, "")]
    [InlineData("DELETE", false, "")]
    [InlineData("GET", true, "Content-MD5: x\r\nContent-Length: 0\r\n")]
    public void Http1Client_ContentLengthZeroWhereDotNetWroteIt(string method, bool contentHeader, string expected)
    {
        var head = new Http1RequestHead();
        head.Start(method, "/", downgrade: false, "h");
        if (contentHeader)
        {
            head.Copy("Content-MD5", "x");
        }

        Assert.Equal(Http1RequestBody.None, head.Finish(hasBody: false, method, out _));
        Assert.EndsWith("\r\n" + expected + "\r\n", Text(head), StringComparison.Ordinal);
    }

    [Fact]
    public void ObsTextAsLatin1_OthersAsQuestionMark()
    {
        var head = new Http1RequestHead();
        head.Start("GET", "/", downgrade: false, "h");
        head.Copy("X-Obs", "caf\u00e9 \u20ac");
        head.Finish(hasBody: false, "GET", out _);

        Assert.Contains("X-Obs: caf\u00e9 ?\r\n", Text(head), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x-request-id", "X-Request-ID", "Header")]
    [InlineData("x-custom", "x-custom", "Header")]
    [InlineData("content-type", "Content-Type", "Content")]
    [InlineData("Expires", "Expires", "Content")]
    [InlineData("bad name", "bad name", "Refused")]
    public void RequestNames_AsDotNetSpellsAndFilesThem(string name, string wire, string role)
    {
        var known = Http1HeaderNames.Request(name);

        Assert.Equal((wire, role), (known.Wire, known.Role.ToString()));
    }

    [Theory]
    [InlineData("etag", "ETag", "Header")]
    [InlineData("x-frame-options", "X-Frame-Options", "Header")]
    [InlineData("Content-Disposition", "Content-Disposition", "Content")]
    [InlineData("x-lower", "x-lower", "Header")]
    public void ResponseNames_AsDotNetSpellsAndFilesThem(string name, string wire, string role)
    {
        var known = Http1HeaderNames.Response(Encoding.Latin1.GetBytes(name));

        Assert.Equal((wire, role), (known.Wire, known.Role.ToString()));
    }

    [Fact]
    public void ReturnBuffers_NothingHeldUntilTheNextHead_WhichIsWrittenWhole()
    {
        var head = new Http1RequestHead();
        Assert.False(head.HasBuffers);
        head.Start("POST", "/a", downgrade: false, "h.test");
        head.Copy("Content-Type", "text/plain");
        head.Copy("X-Long", new string('v', 5000)); // grows the head's buffer
        head.Finish(hasBody: false, "POST", out _);
        Assert.True(head.HasBuffers);

        head.ReturnBuffers();

        Assert.False(head.HasBuffers);
        Assert.True(head.Written.IsEmpty);
        head.Start("GET", "/b", downgrade: false, "h.test");
        head.Host("h.test", rewritten: false);
        head.Finish(hasBody: false, "GET", out _);
        Assert.Equal("GET /b HTTP/1.1\r\nHost: h.test\r\n\r\n", Text(head));
    }

    private static string Text(Http1RequestHead head) => Encoding.Latin1.GetString(head.Written.Span);
}
