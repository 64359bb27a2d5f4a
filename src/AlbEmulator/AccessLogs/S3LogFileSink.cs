using System.Globalization;
using System.IO.Compression;
using System.Text;
using AlbEmulator.Model;

namespace AlbEmulator.AccessLogs;

/// <summary>
/// Writes log lines into gzip files in ALB's S3 key layout (<see cref="S3LogKey"/>) under a local
/// directory: one file per 5-minute interval, chosen by the time written in the line itself. A file is
/// finished (gzip trailer written, closed) once its interval has ended by <see cref="TimeProvider"/>:
/// checked on every batch, every flush and every second; and on dispose. A line that arrives for an
/// interval whose file was already finished starts another file for it, as ALB nodes may deliver several
/// files per interval. Used by <see cref="BatchingLineWriter"/>'s single background loop; the timer
/// shares a lock with it.
/// </summary>
public sealed class S3LogFileSink : IAccessLogSink
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(DateTime End, string NodeIp), OpenFile> _open = [];
    private readonly string _bucketDirectory;
    private readonly string _prefix;
    private readonly AwsIdentifiers _identifiers;
    private readonly string _filePrefix;
    private readonly int _timeField;
    private readonly int _nodeIpFieldFromEnd;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly List<string> _finished = [];
    private bool _disposed;

    /// <param name="bucketDirectory">The directory standing for the bucket (absolute).</param>
    /// <param name="prefix">The <c>*.s3.prefix</c> attribute, or empty.</param>
    /// <param name="identifiers">Account, region and load balancer id for the key.</param>
    /// <param name="filePrefix">Empty for access logs, <see cref="S3LogKey.ConnectionLogPrefix"/> for connection logs.</param>
    /// <param name="timeField">Index of the space-separated field that holds the line's ISO-8601 time (1 in access logs, 0 in connection logs).</param>
    /// <param name="time">The clock that decides when an interval has ended.</param>
    /// <param name="nodeIpFieldFromEnd">Index, counted from the end (0 = last), of the field that holds the node IP (2 in access logs, 0 in connection logs); a node's lines go to that node's files.</param>
    public S3LogFileSink(string bucketDirectory, string prefix, AwsIdentifiers identifiers, string filePrefix, int timeField, TimeProvider time, int nodeIpFieldFromEnd = 0)
    {
        _nodeIpFieldFromEnd = nodeIpFieldFromEnd;
        _bucketDirectory = bucketDirectory;
        _prefix = prefix;
        _identifiers = identifiers;
        _filePrefix = filePrefix;
        _timeField = timeField;
        _time = time;
        _timer = time.CreateTimer(static s => _ = ((S3LogFileSink)s!).OnTimerAsync(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Full paths of the files finished so far, in order.</summary>
    public IReadOnlyList<string> FinishedFiles
    {
        get
        {
            lock (_finished)
            {
                return [.. _finished];
            }
        }
    }

    public async ValueTask WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var line in lines)
            {
                var key = (S3LogKey.IntervalEnd(LineTime(line)), NodeIp(line));
                if (!_open.TryGetValue(key, out var file))
                {
                    file = Open(key.Item1, key.Item2);
                    _open[key] = file;
                }

                await file.Writer.WriteAsync(line);
                await file.Writer.WriteAsync('\n');
            }

            await FinishEndedAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_disposed)
            {
                return;
            }

            foreach (var file in _open.Values)
            {
                await file.Writer.FlushAsync(cancellationToken);
            }

            await FinishEndedAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var end in _open.Keys.OrderBy(k => k.End).ToList())
            {
                await FinishAsync(end);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task OnTimerAsync()
    {
        if (!await _gate.WaitAsync(0))
        {
            return;
        }

        try
        {
            if (!_disposed)
            {
                await FinishEndedAsync();
            }
        }
        catch (IOException)
        {
            // Retried on the next tick or batch.
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task FinishEndedAsync()
    {
        if (_open.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var end in _open.Keys.Where(key => key.End <= now).OrderBy(k => k.End).ToList())
        {
            await FinishAsync(end);
        }
    }

    private async Task FinishAsync((DateTime End, string NodeIp) end)
    {
        var file = _open[end];
        _open.Remove(end);
        await file.Writer.DisposeAsync();
        lock (_finished)
        {
            _finished.Add(file.Path);
        }
    }

    private OpenFile Open(DateTime intervalEnd, string nodeIp)
    {
        var path = Path.Combine(_bucketDirectory, S3LogKey.RelativePath(_prefix, _identifiers, _filePrefix, intervalEnd, S3LogKey.RandomString(), nodeIp));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
        var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: false);
        return new OpenFile(path, new StreamWriter(gzip, new UTF8Encoding(false), 64 * 1024) { NewLine = "\n" });
    }

    /// <summary>The node IP the line names (its field <c>_nodeIpFieldFromEnd</c> from the end), or <see cref="S3LogKey.NodeIp"/>.</summary>
    private string NodeIp(string line)
    {
        var span = line.AsSpan().TrimEnd();
        for (var i = 0; i < _nodeIpFieldFromEnd; i++)
        {
            var space = span.LastIndexOf(' ');
            if (space < 0)
            {
                return S3LogKey.NodeIp;
            }

            span = span[..space];
        }

        var start = span.LastIndexOf(' ') + 1;
        var field = span[start..];
        return System.Net.IPAddress.TryParse(field, out var address) ? address.ToString() : S3LogKey.NodeIp;
    }

    private DateTime LineTime(string line)
    {
        var span = line.AsSpan();
        for (var i = 0; i < _timeField; i++)
        {
            var space = span.IndexOf(' ');
            if (space < 0)
            {
                return _time.GetUtcNow().UtcDateTime;
            }

            span = span[(space + 1)..];
        }

        var end = span.IndexOf(' ');
        var field = end < 0 ? span : span[..end];
        return DateTime.TryParseExact(field, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : _time.GetUtcNow().UtcDateTime;
    }

    private sealed record OpenFile(string Path, StreamWriter Writer);
}
