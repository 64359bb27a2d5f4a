using System.Diagnostics;
using AlbEmulator.Testing;

// Usage: FixtureStartup <target base URL> [starts]
// Prints one line per start: "start <n> <ms to StartAsync> <ms to the first 200>", then the process start → first
// 200 of the first fixture ("process" line, from the process's own start time).
var target = new Uri(args[0]);
var starts = args.Length > 1 ? int.Parse(args[1]) : 10;
const string Config = """
    {
      "LoadBalancer": { "Name": "fixture-bench" },
      "Listeners": [ { "Port": 80, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ] } ],
      "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": 80 } ]
    }
    """;
for (var i = 1; i <= starts; i++)
{
    var clock = Stopwatch.StartNew();
    await using var alb = await AlbEmulatorFixture.FromJson(Config).WithTargetUrls("web", target).StartAsync();
    var started = clock.Elapsed.TotalMilliseconds;
    using var client = alb.CreateClient(80);
    using var response = await client.GetAsync("/");
    var first = clock.Elapsed.TotalMilliseconds;
    if ((int)response.StatusCode != 200)
    {
        Console.Error.WriteLine($"start {i}: {(int)response.StatusCode}");
        return 1;
    }

    Console.WriteLine(FormattableString.Invariant($"start {i} {started:F1} {first:F1}"));
    if (i == 1)
    {
        var sinceProcessStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        Console.WriteLine(FormattableString.Invariant($"process {sinceProcessStart.TotalMilliseconds:F1}"));
    }
}

return 0;
