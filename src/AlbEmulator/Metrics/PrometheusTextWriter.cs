using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace AlbEmulator.Metrics;

/// <summary>
/// Prometheus text exposition format 0.0.4. Metric names are the CloudWatch names as they are (no
/// <c>_total</c> suffix, so <c>RequestCount</c> is the same word in CloudWatch and in a scrape); labels are
/// the CloudWatch dimensions. TargetResponseTime is a histogram in seconds (<c>_bucket</c>, <c>_sum</c>,
/// <c>_count</c>). docs/metrics.md describes the output.
/// </summary>
internal static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(IEnumerable<Instrument> instruments, IReadOnlyCollection<MetricSeries> series)
    {
        var sb = new StringBuilder(4096);
        foreach (var instrument in instruments)
        {
            var type = instrument switch
            {
                Histogram<double> => "histogram",
                Counter<long> => "counter",
                _ => "gauge",
            };
            sb.Append("# HELP ").Append(instrument.Name).Append(' ').Append(EscapeHelp(instrument.Description ?? "")).Append('\n');
            sb.Append("# TYPE ").Append(instrument.Name).Append(' ').Append(type).Append('\n');
            foreach (var item in series.Where(s => ReferenceEquals(s.Instrument, instrument)).OrderBy(s => LabelText(s.Tags, null), StringComparer.Ordinal))
            {
                if (item.IsHistogram)
                {
                    var buckets = item.CumulativeBuckets();
                    for (var i = 0; i < buckets.Length; i++)
                    {
                        var le = i < MetricSeries.HistogramBounds.Length ? Number(MetricSeries.HistogramBounds[i]) : "+Inf";
                        sb.Append(instrument.Name).Append("_bucket").Append(LabelText(item.Tags, le)).Append(' ').Append(buckets[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }

                    sb.Append(instrument.Name).Append("_sum").Append(LabelText(item.Tags, null)).Append(' ').Append(Number(item.Value)).Append('\n');
                    sb.Append(instrument.Name).Append("_count").Append(LabelText(item.Tags, null)).Append(' ').Append(item.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
                else
                {
                    sb.Append(instrument.Name).Append(LabelText(item.Tags, null)).Append(' ').Append(Number(item.Value)).Append('\n');
                }
            }
        }

        return sb.ToString();
    }

    private static string LabelText(KeyValuePair<string, object?>[] tags, string? le)
    {
        if (tags.Length == 0 && le is null)
        {
            return "";
        }

        var sb = new StringBuilder("{");
        foreach (var (name, value) in tags)
        {
            if (sb.Length > 1)
            {
                sb.Append(',');
            }

            sb.Append(name).Append("=\"").Append(EscapeLabel(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")).Append('"');
        }

        if (le is not null)
        {
            if (sb.Length > 1)
            {
                sb.Append(',');
            }

            sb.Append("le=\"").Append(le).Append('"');
        }

        return sb.Append('}').ToString();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
