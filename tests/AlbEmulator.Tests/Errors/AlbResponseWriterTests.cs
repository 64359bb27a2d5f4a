using System.Text;
using AlbEmulator.Errors;

namespace AlbEmulator.Tests.Errors;

/// <summary>The wire rendering of ALB-generated responses (requests rejected before Kestrel parsed them).</summary>
public sealed class AlbResponseWriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 4, 5, 6, TimeSpan.Zero);

    /// <summary>HDR-61: the head of an ALB-generated HTTP/1.1 response, in ALB order; HDR-60: Server: awselb/2.0.</summary>
    [Fact]
    public void FormatHttp1_Error_HeadInAlbOrderThenPage()
    {
        var bytes = AlbResponseWriter.FormatHttp1(AlbResponseWriter.ForError(AlbError.BadRequest) with { CloseConnection = true }, Now, headRequest: false, diagnostic: null);
        var page = AlbErrorCatalog.Get(AlbError.BadRequest).Body;
        var expectedHead = "HTTP/1.1 400 Bad Request\r\nServer: awselb/2.0\r\nDate: Sun, 06 Dec 2026 04:05:06 GMT\r\nContent-Type: text/html\r\n"
            + $"Content-Length: {page.Length}\r\nConnection: close\r\n\r\n";
        Assert.Equal(expectedHead + Encoding.ASCII.GetString(page), Encoding.ASCII.GetString(bytes));
    }

    [Fact]
    public void FormatHttp1_HeadRequest_NoBody_DiagnosticLast()
    {
        var bytes = AlbResponseWriter.FormatHttp1(AlbResponseWriter.ForError(AlbError.RequestTimeout) with { CloseConnection = true }, Now, headRequest: true, diagnostic: "why");
        var text = Encoding.ASCII.GetString(bytes);
        Assert.StartsWith("HTTP/1.1 408 Request Time-out\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("Connection: close\r\nX-AlbEmulator-Diagnostic: why\r\n\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatHttp1_GeneratedResponse_LocationAndExtraHeadersAfterConnection()
    {
        var response = new AlbGeneratedResponse(302, "Found", null, [], Location: "https://idp.example/authorize")
        {
            Headers = [new("Set-Cookie", "a=b"), new("Cache-Control", "no-cache")],
        };
        var text = Encoding.ASCII.GetString(AlbResponseWriter.FormatHttp1(response, Now, headRequest: false, diagnostic: null));
        Assert.Equal(
            "HTTP/1.1 302 Found\r\nServer: awselb/2.0\r\nDate: Sun, 06 Dec 2026 04:05:06 GMT\r\nContent-Length: 0\r\nConnection: keep-alive\r\n"
            + "Location: https://idp.example/authorize\r\nSet-Cookie: a=b\r\nCache-Control: no-cache\r\n\r\n",
            text);
    }

    [Fact]
    public void ForError_OneInstancePerError_FromTheCatalogue()
    {
        var first = AlbResponseWriter.ForError(AlbError.NoRegisteredTargets);
        Assert.Same(first, AlbResponseWriter.ForError(AlbError.NoRegisteredTargets));
        var descriptor = AlbErrorCatalog.Get(AlbError.NoRegisteredTargets);
        Assert.Equal((descriptor.StatusCode, descriptor.ReasonPhrase, "text/html", descriptor.CloseConnection), (first.StatusCode, first.ReasonPhrase, first.ContentType, first.CloseConnection));
        Assert.Same(descriptor.Body, first.Body);
    }
}
