using AlbEmulator.Headers;

namespace AlbEmulator.Tests.Headers;

public sealed class TraceIdHeaderTests
{
    private const long Epoch = 0x67891233;

    [Fact]
    public void NewId_Format_VersionEpochHexAnd24Hex()
    {
        Assert.Matches("^1-67891233-[0-9a-f]{24}$", TraceIdHeader.NewId(Epoch));
    }

    [Fact]
    public void Process_NoHeader_NewRoot()
    {
        Assert.Matches("^Root=1-67891233-[0-9a-f]{24}$", TraceIdHeader.Process(null, Epoch, false));
    }

    [Fact]
    public void Process_WithRoot_SelfPrependedRootKept()
    {
        var result = TraceIdHeader.Process("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", Epoch, false);
        Assert.Matches("^Self=1-67891233-[0-9a-f]{24};Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1$", result);
    }

    [Fact]
    public void Process_WithSelf_SelfReplacedRestKept()
    {
        var result = TraceIdHeader.Process("Self=1-00000000-000000000000000000000000;Root=1-5759e988-bd862e3fe1be46a994272793;CalledFrom=app", Epoch, false);
        Assert.Matches("^Self=1-67891233-[0-9a-f]{24};Root=1-5759e988-bd862e3fe1be46a994272793;CalledFrom=app$", result);
    }

    [Fact]
    public void Process_CustomFieldsOnly_NewRootPrepended()
    {
        Assert.Matches("^Root=1-67891233-[0-9a-f]{24};CalledFrom=app$", TraceIdHeader.Process("CalledFrom=app", Epoch, false));
    }

    [Fact]
    public void Process_RequestHeadersTooLarge_OnlyNewRoot()
    {
        Assert.Matches("^Root=1-67891233-[0-9a-f]{24}$", TraceIdHeader.Process("Root=1-5759e988-bd862e3fe1be46a994272793", Epoch, true));
    }
}
