using AlbEmulator.Tests.Common;

namespace AlbEmulator.Tests.TestSupport;

/// <summary>The shared deadline-polling helper: returns as soon as the condition holds, names what it waited for on timeout.</summary>
public sealed class EventuallyTests
{
    [Fact]
    public async Task UntilAsync_ReturnsOnceTheConditionHolds()
    {
        var checks = 0;
        await Eventually.UntilAsync(() => ++checks == 3, "the third check");
        Assert.Equal(3, checks);
    }

    [Fact]
    public async Task ValueAsync_ReturnsTheAcceptedValue()
    {
        var reads = 0;
        var value = await Eventually.ValueAsync(() => Task.FromResult(++reads * 10), v => v >= 20, "twenty");
        Assert.Equal(20, value);
    }

    [Fact]
    public async Task Timeout_NamesWhatWasAwaitedAndTheLastObservedValue()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.ValueAsync(() => 7, v => v == 8, "the count to reach 8", TimeSpan.FromMilliseconds(50)));
        Assert.Equal("Timed out after 0.05 s waiting for the count to reach 8; last observed: 7", error.Message);

        error = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.ValueAsync(() => new[] { "line one", "line two" }, lines => lines.Length > 2, "a third line", TimeSpan.FromMilliseconds(50)));
        Assert.EndsWith("last observed: \nline one\nline two", error.Message, StringComparison.Ordinal);
    }
}
