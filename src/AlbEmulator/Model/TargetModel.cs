namespace AlbEmulator.Model;

/// <summary>A registered target: address and port, and the URI prefix requests are forwarded to.</summary>
public sealed class TargetModel
{
    public TargetModel(string id, int port, string scheme)
    {
        Id = id;
        Port = port;
        var host = id.Contains(':', StringComparison.Ordinal) && !id.StartsWith('[') ? $"[{id}]" : id;
        DestinationPrefix = $"{scheme}://{host}:{port}/";
        LogAddress = $"{id}:{port}";
    }

    /// <summary>IP address or [ext] DNS host name.</summary>
    public string Id { get; }

    public int Port { get; }

    /// <summary><c>http://10.0.0.1:80/</c>.</summary>
    public string DestinationPrefix { get; }

    /// <summary><c>ip:port</c> as written in the access log (IPv6 without brackets, as ALB does).</summary>
    public string LogAddress { get; }

    private long _outstandingRequests;

    /// <summary>Requests sent to this target and not yet completed.</summary>
    public long OutstandingRequests => Interlocked.Read(ref _outstandingRequests);

    public void RequestStarted() => Interlocked.Increment(ref _outstandingRequests);

    public void RequestCompleted() => Interlocked.Decrement(ref _outstandingRequests);
}
