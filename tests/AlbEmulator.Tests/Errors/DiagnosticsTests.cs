using AlbEmulator.Errors;

namespace AlbEmulator.Tests.Errors;

public sealed class DiagnosticsTests
{
    [Fact]
    public void Explain_464_NamesCauseFixAndSpec()
    {
        var text = Diagnostics.Explain(AlbError.IncompatibleProtocol, "GET", "HTTP/1.1", "target group 'g' has ProtocolVersion GRPC.");

        Assert.StartsWith("464 (GET HTTP/1.1): The client protocol cannot be forwarded", text);
        Assert.Contains("target group 'g' has ProtocolVersion GRPC.", text);
        Assert.Contains("Fix: Match the client protocol to the target group ProtocolVersion", text);
        Assert.EndsWith("[ERR-464]", text);
    }

    [Theory]
    [MemberData(nameof(AlbErrorCatalogTests.AllErrors), MemberType = typeof(AlbErrorCatalogTests))]
    public void Explain_EveryError_OneLineOfVisibleAscii(AlbError error)
    {
        var text = Diagnostics.Explain(error, "GET", "HTTP/1.1", "detail\r\nwith a line break and é");

        Assert.All(text, c => Assert.InRange(c, ' ', '~'));
        Assert.Contains("Fix: ", text);
    }
}
