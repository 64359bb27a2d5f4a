using System.Xml.Linq;
using AlbEmulator.ControlPlane;
using AlbEmulator.ControlPlane.Query;

namespace AlbEmulator.Tests.ControlPlane.Query;

public sealed class QueryXmlTests
{
    private static readonly XNamespace Ns = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    [Fact]
    public void Response_NoOutput_StillHasResultElementAndRequestId()
    {
        var root = XElement.Parse(QueryXml.Response("DeleteRule", "req-1", []));

        Assert.Equal(Ns + "DeleteRuleResponse", root.Name);
        Assert.NotNull(root.Element(Ns + "DeleteRuleResult"));
        Assert.Equal("req-1", root.Element(Ns + "ResponseMetadata")!.Element(Ns + "RequestId")!.Value);
    }

    [Fact]
    public void Response_ListsBooleansAndNulls_AwsSerialization()
    {
        var xml = QueryXml.Response("DescribeX", "r", [
            QueryXml.List("Empty", []),
            QueryXml.List("Names", ["a", "b"]),
            QueryXml.E("Enabled", true),
            QueryXml.E("Port", 8080),
            QueryXml.E("Missing", null),
            QueryXml.Map("Params", [new("display", "page")]),
        ]);
        var result = XElement.Parse(xml).Element(Ns + "DescribeXResult")!;

        Assert.Empty(result.Element(Ns + "Empty")!.Elements());
        Assert.Equal(["a", "b"], result.Element(Ns + "Names")!.Elements(Ns + "member").Select(e => e.Value));
        Assert.Equal("true", result.Element(Ns + "Enabled")!.Value);
        Assert.Equal("8080", result.Element(Ns + "Port")!.Value);
        Assert.Null(result.Element(Ns + "Missing"));
        var entry = result.Element(Ns + "Params")!.Element(Ns + "entry")!;
        Assert.Equal("display", entry.Element(Ns + "key")!.Value);
        Assert.Equal("page", entry.Element(Ns + "value")!.Value);
    }

    [Theory]
    [InlineData(400, "Sender")]
    [InlineData(500, "Receiver")]
    public void Error_EnvelopeWithTypeCodeMessageAndRequestId(int status, string type)
    {
        var root = XElement.Parse(QueryXml.Error(new AlbApiError("TargetGroupNotFound", "One or more target groups not found", status), "req-2"));

        Assert.Equal(Ns + "ErrorResponse", root.Name);
        var error = root.Element(Ns + "Error")!;
        Assert.Equal(type, error.Element(Ns + "Type")!.Value);
        Assert.Equal("TargetGroupNotFound", error.Element(Ns + "Code")!.Value);
        Assert.Equal("One or more target groups not found", error.Element(Ns + "Message")!.Value);
        Assert.Equal("req-2", root.Element(Ns + "RequestId")!.Value);
    }
}
