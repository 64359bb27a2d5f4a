using AlbEmulator.AccessLogs;

namespace AlbEmulator.Metrics;

/// <summary>
/// Records the request metrics of a finished request from its <see cref="AccessLogEntry"/>, the same entry the access
/// log writes (<see cref="RequestRecorder"/>): the §3.9 mapping lives in <see cref="AlbMetrics.RecordRequest"/>.
/// </summary>
public sealed class RequestMetricsRecorder
{
    private readonly AlbMetrics _metrics;

    public RequestMetricsRecorder(AlbMetrics metrics)
    {
        _metrics = metrics;
    }

    public void Record(AccessLogEntry entry) => _metrics.RecordRequest(entry.State, entry.Outcome);
}
