using System.Text;
using AlbEmulator.Errors;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.Errors;

public sealed class AlbErrorCatalogTests
{
    public static TheoryData<AlbError> AllErrors()
    {
        var data = new TheoryData<AlbError>();
        foreach (var error in Enum.GetValues<AlbError>().Where(e => e != AlbError.None))
        {
            data.Add(error);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllErrors))]
    public void Get_EveryError_HasDescriptor(AlbError error)
    {
        var descriptor = AlbErrorCatalog.Get(error);
        Assert.Equal(error, descriptor.Error);
        Assert.InRange(descriptor.StatusCode, 400, 599);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Trigger));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.SpecId));
    }

    [Theory]
    [MemberData(nameof(AllErrors))]
    public void ErrorsPage_EveryError_HasARow(AlbError error)
    {
        var page = File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "errors.md"));
        var descriptor = AlbErrorCatalog.Get(error);
        Assert.Contains($"| {error} | {descriptor.StatusCode} |", page);
    }

    [Theory]
    [InlineData(AlbError.BadRequest, 122)]
    [InlineData(AlbError.TargetConnectionError, 122)]
    [InlineData(AlbError.NoRegisteredTargets, 162)]
    [InlineData(AlbError.MethodNotAllowed, 122)]
    [InlineData(AlbError.RequestTimeout, 132)]
    [InlineData(AlbError.UriTooLong, 142)]
    [InlineData(AlbError.UnsupportedTransferEncoding, 130)]
    [InlineData(AlbError.TargetResponseTimeout, 132)]
    [InlineData(AlbError.HttpVersionNotSupported, 152)]
    [InlineData(AlbError.LambdaRequestTooLarge, 148)]
    public void Body_ObservedLengths_Match(AlbError error, int contentLength)
    {
        // ERR-BODY-2: Content-Length of ALB pages (observed for 400, 502, 503; nginx wording elsewhere).
        Assert.Equal(contentLength, AlbErrorCatalog.Get(error).Body.Length);
    }

    [Fact]
    public void Body_503_ExactBytesWithCrlf()
    {
        var expected = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n";
        Assert.Equal(expected, Encoding.ASCII.GetString(AlbErrorCatalog.Get(AlbError.NoRegisteredTargets).Body));
    }

    [Fact]
    public void Body_464_TitleIsBareCode()
    {
        Assert.Contains("<title>464</title>", Encoding.ASCII.GetString(AlbErrorCatalog.Get(AlbError.IncompatibleProtocol).Body));
    }

    [Fact]
    public void RedirectBodies_301Is134Bytes()
    {
        Assert.Equal(134, RedirectBodies.Get(301).Length);
        Assert.Contains("302 Found", Encoding.ASCII.GetString(RedirectBodies.Get(302)));
    }

    [Fact]
    public void ClientClosedRequest_SendsNothing()
    {
        Assert.False(AlbErrorCatalog.Get(AlbError.ClientClosedRequest).SendsResponse);
        Assert.Equal(460, AlbErrorCatalog.Get(AlbError.ClientClosedRequest).StatusCode);
    }
}
