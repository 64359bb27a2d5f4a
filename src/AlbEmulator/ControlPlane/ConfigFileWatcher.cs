using AlbEmulator.Configuration;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// Watches the <c>--config</c> file. An edit is read, validated and applied like an API change, but it
/// replaces the whole configuration (docs/control-plane.md, "API changes and file edits"). An invalid
/// edit is logged with every error and the last good configuration stays.
/// </summary>
internal sealed class ConfigFileWatcher : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    private readonly string _path;
    private readonly AlbControlPlane _controlPlane;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private string? _lastText;
    private int _applied;
    private int _rejected;

    private ConfigFileWatcher(string path, AlbControlPlane controlPlane)
    {
        _path = path;
        _controlPlane = controlPlane;
        _lastText = TryRead();
        _timer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Schedule();
        _watcher.Created += (_, _) => Schedule();
        _watcher.Renamed += (_, _) => Schedule();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Edits applied so far.</summary>
    public int Applied => Volatile.Read(ref _applied);

    /// <summary>Edits rejected so far.</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    /// <summary>The errors of the last rejected edit.</summary>
    public IReadOnlyList<string> LastErrors { get; private set; } = [];

    public static ConfigFileWatcher Start(string path, AlbControlPlane controlPlane) => new(Path.GetFullPath(path), controlPlane);

    private void Schedule() => _timer.Change(Debounce, Timeout.InfiniteTimeSpan);

    /// <summary>Reads the file now and applies it when its content changed.</summary>
    public void Reload()
    {
        lock (_gate)
        {
            var text = TryRead();
            if (text is null || text == _lastText)
            {
                return;
            }

            _lastText = text;
            var read = AlbConfigReader.ReadText(text, Path.GetDirectoryName(_path)!, _path);
            IReadOnlyList<string> errors = read.Errors.Count > 0 || read.Config is null
                ? read.Errors.Select(e => e.ToString()).ToArray()
                : _controlPlane.Replace(read.Config);
            var logger = _controlPlane.Logger;
            if (errors.Count > 0)
            {
                LastErrors = errors;
                ControlPlaneLog.LogConfigRejected(logger, _path, errors.Count);
                foreach (var error in errors)
                {
                    ControlPlaneLog.LogConfigProblem(logger, _path, error);
                }

                Interlocked.Increment(ref _rejected);
                return;
            }

            ControlPlaneLog.LogConfigReloaded(logger, _path);
            Interlocked.Increment(ref _applied);
        }
    }

    private string? TryRead()
    {
        try
        {
            return File.ReadAllText(_path);
        }
        catch (IOException)
        {
            // Being replaced: the next event reads it again.
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _timer.Dispose();
    }
}
