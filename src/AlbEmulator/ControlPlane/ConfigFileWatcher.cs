using AlbEmulator.Configuration;

namespace AlbEmulator.ControlPlane;

/// <summary>
/// Watches the <c>--config</c> file (and, for a template or Terraform plan, its <c>--overrides</c> file). An edit is read
/// (a template re-translated), validated and applied like an API change, but it replaces the whole configuration
/// (docs/control-plane.md, "API changes and file edits"). An invalid edit is logged with every error and the last good
/// configuration stays.
/// </summary>
internal sealed class ConfigFileWatcher : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    private readonly string _path;
    private readonly string? _overridesPath;
    private readonly IReadOnlyDictionary<string, string> _parameters;
    private readonly AlbControlPlane _controlPlane;
    private readonly Waf.WafRegistry? _waf;
    private readonly FileSystemWatcher[] _watchers;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private string? _lastText;
    private int _applied;
    private int _rejected;

    private ConfigFileWatcher(string path, string? overridesPath, IReadOnlyDictionary<string, string> parameters, AlbControlPlane controlPlane, Waf.WafRegistry? waf)
    {
        _path = path;
        _overridesPath = overridesPath;
        _parameters = parameters;
        _controlPlane = controlPlane;
        _waf = waf;
        _lastText = TryRead(out _);
        _timer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        _watchers = [.. new[] { path, overridesPath }.OfType<string>().Select(Watch)];
    }

    private FileSystemWatcher Watch(string file)
    {
        var watcher = new FileSystemWatcher(Path.GetDirectoryName(file)!, Path.GetFileName(file))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => Schedule();
        watcher.Created += (_, _) => Schedule();
        watcher.Renamed += (_, _) => Schedule();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>Edits applied so far.</summary>
    public int Applied => Volatile.Read(ref _applied);

    /// <summary>Edits rejected so far.</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    /// <summary>The errors of the last rejected edit.</summary>
    public IReadOnlyList<string> LastErrors { get; private set; } = [];

    /// <summary>
    /// Watches <paramref name="path"/>, a config, template or Terraform plan (<paramref name="overridesPath"/>: its overrides
    /// file, watched too); <paramref name="waf"/> (when given) is reloaded with the file's web ACLs, IP sets and regex pattern sets.
    /// </summary>
    public static ConfigFileWatcher Start(string path, AlbControlPlane controlPlane, Waf.WafRegistry? waf = null, string? overridesPath = null, IReadOnlyDictionary<string, string>? parameters = null) =>
        new(Path.GetFullPath(path), overridesPath is null ? null : Path.GetFullPath(overridesPath), parameters ?? new Dictionary<string, string>(), controlPlane, waf);

    private void Schedule() => _timer.Change(Debounce, Timeout.InfiniteTimeSpan);

    /// <summary>Reads the file now and applies it when its content changed.</summary>
    public void Reload()
    {
        lock (_gate)
        {
            var text = TryRead(out var problem);
            if (text is null && problem is null)
            {
                return; // Being replaced: the next event reads it again.
            }

            if (text == _lastText)
            {
                return;
            }

            _lastText = text;
            IReadOnlyList<string> errors;
            if (problem is not null)
            {
                errors = [problem]; // Over the size limit, or not a regular file: the same limit as at start.
            }
            else
            {
                var read = DefinitionFile.ReadImported(_path, _overridesPath, _parameters)?.Read
                    ?? AlbConfigReader.ReadText(text!, Path.GetDirectoryName(_path)!, _path);
                errors = read.Errors.Count > 0 || read.Config is null
                    ? read.Errors.Select(e => e.ToString()).ToArray()
                    : _controlPlane.Replace(read.Config);
                if (errors.Count == 0 && _waf is not null)
                {
                    errors = _waf.ReloadFromConfig(read.Config!).Select(e => e.ToString()).ToArray();
                }
            }

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

    /// <summary>
    /// The file's text, read with the start-up limit (<see cref="AlbConfigReader.MaxFileBytes"/>, regular files only).
    /// Null text and null problem: the file is missing or locked for a moment (an editor replacing it).
    /// </summary>
    private string? TryRead(out string? problem)
    {
        problem = null;
        if (!File.Exists(_path))
        {
            return null;
        }

        problem = Configuration.Reading.ConfigFileText.Read(_path, AlbConfigReader.MaxFileBytes, out var text);
        if (problem is null)
        {
            // A template's overrides file is part of what is compared: an edit of either re-translates the template.
            return _overridesPath is null || !File.Exists(_overridesPath) ? text : text + "\0" + ReadOverrides();
        }

        if (problem.EndsWith(" not found", StringComparison.Ordinal) || problem.Contains(" cannot be read: ", StringComparison.Ordinal))
        {
            problem = null; // Gone or locked for a moment.
            return null;
        }

        return problem; // Too large, a device, binary: compared like a text, so the same problem is reported once.
    }

    private string ReadOverrides()
    {
        try
        {
            return File.ReadAllText(_overridesPath!);
        }
        catch (IOException)
        {
            return ""; // Being replaced: the next event reads it again.
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _timer.Dispose();
    }
}
