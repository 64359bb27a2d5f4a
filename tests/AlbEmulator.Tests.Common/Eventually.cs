using System.Collections;
using System.Diagnostics;

namespace AlbEmulator.Tests.Common;

/// <summary>
/// The one deadline-polling helper of every test project (no fixed sleeps): checks a condition, and while it does not
/// hold waits a short interval and checks again until the deadline. On timeout it throws a
/// <see cref="TimeoutException"/> that names what was awaited and the last value observed. The deadline is measured
/// on a monotonic clock and is generous by default (30 s), because the machine running the tests may be heavily loaded (CI on two shared
/// cores sees a load of 20 and more); a condition that holds returns at once, so a long deadline costs nothing.
/// </summary>
public static class Eventually
{
    /// <summary>The default deadline.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls until <paramref name="condition"/> holds.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        ValueAsync(() => Task.FromResult(condition()), static holds => holds, what, timeout);

    /// <summary>Polls until <paramref name="condition"/> holds.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        ValueAsync(condition, static holds => holds, what, timeout);

    /// <summary>Observes a value until <paramref name="accept"/> accepts it and returns that value.</summary>
    public static Task<T> ValueAsync<T>(Func<T> observe, Func<T, bool> accept, string what, TimeSpan? timeout = null) =>
        ValueAsync(() => Task.FromResult(observe()), accept, what, timeout);

    /// <summary>Observes a value until <paramref name="accept"/> accepts it and returns that value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> observe, Func<T, bool> accept, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await observe();
            if (accept(value))
            {
                return value;
            }

            if (clock.Elapsed >= limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.###} s waiting for {what}; last observed: {Describe(value)}");
            }

            await Task.Delay(Interval);
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string text => text,
        IEnumerable items => "\n" + string.Join("\n", items.Cast<object?>()),
        _ => value.ToString() ?? "null",
    };
}
