using AlbEmulator.Desync;
using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.Desync;

public class DesyncAllocationTests
{
    [Fact]
    public void Classify_CompliantBrowserRequest_AllocatesNothing()
    {
        var head = DesyncSamples.BrowserGet.ToArray();
        Assert.Equal(DesyncTier.Compliant, HttpDesyncClassifier.Classify(head).Tier);

        var allocated = Allocations.PerRound(() => HttpDesyncClassifier.Classify(head));

        Assert.Equal(0, allocated);
    }
}
