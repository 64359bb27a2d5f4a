namespace AlbEmulator.AccessLogs;

/// <summary>A destination of access-log lines (a file, stdout, gzip files in the S3 layout, a test).</summary>
public interface IAccessLogSink : IAsyncDisposable
{
    /// <summary>Writes a batch of complete lines (without line terminators), in order.</summary>
    ValueTask WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken);

    /// <summary>Makes everything written so far durable or visible.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}
