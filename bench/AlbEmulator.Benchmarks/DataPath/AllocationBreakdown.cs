using AlbEmulator.AccessLogs;
using AlbEmulator.Forwarding;
using AlbEmulator.Pipeline;
using Yarp.ReverseProxy.Forwarder;

namespace AlbEmulator.Benchmarks.DataPath;

/// <summary>
/// <c>dotnet run -c Release -- --allocations</c>: bytes allocated per operation on the data path, split
/// into the parts that allocate (GC.GetAllocatedBytesForCurrentThread over many warm iterations).
/// </summary>
internal static class AllocationBreakdown
{
    public static void Print()
    {
        var withRules = BenchRequests.Build(rules: 100);
        var (ruleContext, ruleState) = BenchRequests.Create(withRules);
        var model = BenchRequests.Build(rules: 0);
        var (context, _) = BenchRequests.Create(model);
        var (logContext, logState) = BenchRequests.CreateForwarded(model);
        var responded = BenchRequests.Received.AddSeconds(1);

        Report("rule evaluation, 100 rules, default wins", () => RuleMatcher.Match(ruleContext, ruleState));
        Report("new HttpRequestMessage (YARP creates it)", () => new HttpRequestMessage(HttpMethod.Get, (Uri?)null));
        Report("AlbRequestTransformer.TransformRequestAsync, incl. the message", () =>
        {
            var message = new HttpRequestMessage(HttpMethod.Get, (Uri?)null);
            AlbRequestTransformer.Instance.TransformRequestAsync(context, message, "http://10.0.0.2:80/", CancellationToken.None).GetAwaiter().GetResult();
            return message;
        });
        Report("  of which: foreach over the request's IHeaderDictionary", () =>
        {
            var n = 0;
            foreach (var header in context.Request.Headers)
            {
                n += header.Key.Length;
            }

            return n;
        });
        Report("  of which: a new HttpRequestMessage (72 B) with the same 11 headers added", () =>
        {
            var message = new HttpRequestMessage(HttpMethod.Get, (Uri?)null);
            var headers = message.Headers;
            headers.TryAddWithoutValidation("User-Agent", "a");
            headers.TryAddWithoutValidation("Accept", "a");
            headers.TryAddWithoutValidation("Accept-Language", "a");
            headers.TryAddWithoutValidation("Accept-Encoding", "a");
            headers.TryAddWithoutValidation("Referer", "a");
            headers.TryAddWithoutValidation("Cookie", "a");
            headers.Host = "a";
            headers.TryAddWithoutValidation("X-Forwarded-For", "a");
            headers.TryAddWithoutValidation("X-Forwarded-Proto", "a");
            headers.TryAddWithoutValidation("X-Forwarded-Port", "a");
            headers.TryAddWithoutValidation("X-Amzn-Trace-Id", "a");
            return message;
        });
        Report("  of which: the destination Uri (RequestUtilities.MakeDestinationAddress)", () =>
            RequestUtilities.MakeDestinationAddress("http://10.0.0.2:80/", context.Request.Path, context.Request.QueryString));
        var head = new Forwarding.Http1.Http1RequestHead();
        Report("direct forwarder: request head (Http1RequestHead + ForwardedRequestHeaders), reused per connection", () =>
        {
            var state = context.Features.Get<IAlbRequestFeature>()!.State;
            var host = ForwardedRequestHeaders.Host(context, state, out var rewritten);
            head.Start(context.Request.Method, Forwarding.AlbRequestTransformer.RequestTarget(context, state), downgrade: false, host);
            ForwardedRequestHeaders.Apply(context, state, head, host, rewritten);
            return head.Finish(hasBody: false, context.Request.Method, out _);
        });
        Report("access-log entry (AccessLogEntry.From)", () => AccessLogEntry.From(logContext, logState, responded));
        var entry = AccessLogEntry.From(logContext, logState, responded);
        Report("access-log line (AccessLogFormatter.Format)", () => AccessLogFormatter.Format(entry));
        var line = AccessLogFormatter.Format(entry);
        Console.WriteLine($"  the line itself: {line.Length} chars = a string of {22 + (2 * line.Length)} B");
    }

    private static void Report(string what, Func<object> operation)
    {
        // Warm up past tiered compilation (its background work must not be counted), then measure.
        var warm = System.Diagnostics.Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 1500)
        {
            GC.KeepAlive(operation());
        }

        Thread.Sleep(300);

        const int Iterations = 100_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            GC.KeepAlive(operation());
        }

        var perOp = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Iterations;
        Console.WriteLine($"{perOp,8:0} B/op  {what}");
    }
}
