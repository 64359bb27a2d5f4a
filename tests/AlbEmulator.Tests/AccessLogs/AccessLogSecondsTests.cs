using System.Globalization;
using System.Text;
using AlbEmulator.AccessLogs;

namespace AlbEmulator.Tests.AccessLogs;

/// <summary>
/// The processing-time fields (request/target/response_processing_time) are written without a custom format per
/// field; every value must come out exactly as <c>0.000</c> writes it.
/// </summary>
public sealed class AccessLogSecondsTests
{
    private static string Fast(double seconds) => AccessLogFormatter.AppendSeconds(new StringBuilder(), seconds).ToString();

    private static string Format(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(0.0, "0.000")]
    [InlineData(0.0004, "0.000")]
    [InlineData(0.0005, "0.001")]
    [InlineData(0.0015, "0.002")]
    [InlineData(0.0024999999999999999, "0.003")] // 15 significant digits make it a tie: the format rounds it up
    [InlineData(0.000086, "0.000")]
    [InlineData(1.2345, "1.235")]
    [InlineData(12.3456, "12.346")]
    [InlineData(998.4444, "998.444")]
    [InlineData(998.9996, "999.000")]
    [InlineData(999.9996, "1000.000")]
    [InlineData(4000.5, "4000.500")]
    public void AppendSeconds_KnownValues_AsTheFormatWritesThem(double seconds, string expected)
    {
        Assert.Equal(expected, Format(seconds) == expected ? Fast(seconds) : $"test data wrong: {Format(seconds)}");
    }

    [Fact]
    public void AppendSeconds_ManyValuesAndNearTies_SameAsTheFormat()
    {
        var random = new Random(22);
        for (var i = 0; i < 200_000; i++)
        {
            // Stopwatch ticks (ns) to seconds, as the formatter computes them; plus values just around half milliseconds.
            var seconds = random.Next(0, 4) switch
            {
                0 => random.NextInt64(0, 2_000_000_000L) / 1e9,
                1 => random.NextInt64(0, 5_000_000L) / 1e9,
                2 => (random.Next(0, 1_000_000) + 0.5) / 1000 + ((random.NextDouble() - 0.5) * 1e-12),
                _ => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits((random.Next(0, 999_000) + 0.5) / 1000) + random.Next(-3, 4)),
            };

            Assert.Equal(Format(seconds), Fast(seconds));
        }
    }
}
