using System.Reflection;
using AlbEmulator.Health;
using AlbEmulator.Tests.Common;
using AlbEmulator.WebConsole;

namespace AlbEmulator.Tests.WebConsole;

/// <summary>The one reason-code table (WebConsole/ReasonCodes): every code the emulator reports has advice, and docs/console.md lists them all.</summary>
public sealed class ReasonCodesTests
{
    /// <summary>Every health status the emulator reports (the statics of <see cref="TargetHealth"/> and a response-code mismatch).</summary>
    private static IEnumerable<TargetHealth> Reported() =>
        typeof(TargetHealth).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null)).OfType<TargetHealth>()
            .Append(TargetHealth.ResponseCodeMismatch(500));

    public static TheoryData<string> EmittedCodes()
    {
        var data = new TheoryData<string>();
        foreach (var code in Reported().Select(h => h.Reason).OfType<string>().Distinct())
        {
            data.Add(code);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EmittedCodes))]
    public void EveryReasonCodeTheEmulatorReports_HasAdvice(string code)
    {
        var advice = ReasonCodes.Find(code);
        Assert.NotNull(advice);
        Assert.NotEmpty(advice.Checks);
        Assert.EndsWith(".", advice.Meaning, StringComparison.Ordinal);
    }

    [Fact]
    public void TheStateOfEachCode_IsTheStateTheEmulatorReportsItWith()
    {
        foreach (var health in Reported().Where(h => h.Reason is not null))
        {
            Assert.Equal(health.StateName, ReasonCodes.Find(health.Reason)!.State);
        }
    }

    [Fact]
    public void DocsConsole_ListsEveryCode()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "console.md"));
        Assert.All(ReasonCodes.All, a => Assert.Contains($"`{a.Code}`", doc, StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownOrNoCode_HasNoAdvice()
    {
        Assert.Null(ReasonCodes.Find(null));
        Assert.Null(ReasonCodes.Find("Target.Nope"));
    }
}
