using AlbEmulator.Desync;

namespace AlbEmulator.Tests.Desync;

public class DesyncAllocationTests
{
    [Fact]
    public void Classify_CompliantBrowserRequest_AllocatesNothing()
    {
        var head = DesyncSamples.BrowserGet.ToArray();
        for (var i = 0; i < 100; i++)
        {
            _ = HttpDesyncClassifier.Classify(head);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var compliant = 0;
        for (var i = 0; i < 1000; i++)
        {
            if (HttpDesyncClassifier.Classify(head).Tier == DesyncTier.Compliant)
            {
                compliant++;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1000, compliant);
        Assert.Equal(0, allocated);
    }
}
