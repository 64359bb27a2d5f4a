using AlbEmulator.AccessLogs;
using AlbEmulator.Pipeline;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;

namespace AlbEmulator.Benchmarks.DataPath;

/// <summary>
/// Formatting the ALB access-log line of a typical forwarded request (33 fields). The line is built in a
/// reused per-thread buffer; the returned string (the line handed to the writer) is the one allocation.
/// </summary>
[MemoryDiagnoser]
public class AccessLogFormatterBenchmarks
{
    private static readonly DateTime Responded = BenchRequests.Received.AddTicks(11_866_410);
    private DefaultHttpContext _context = null!;
    private AlbRequestState _state = null!;
    private AccessLogEntry _entry = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = BenchRequests.Build(rules: 0);
        (_context, _state) = BenchRequests.CreateForwarded(model);
        _entry = AccessLogEntry.From(_context, _state, Responded);
        var line = AccessLogFormatter.Format(_entry);
        Console.WriteLine($"// line ({line.Length} chars, a string of {22 + (2 * line.Length)} B): {line}");
    }

    [Benchmark(Description = "AccessLogFormatter.Format (forwarded GET)")]
    public string Format() => AccessLogFormatter.Format(_entry);
}
