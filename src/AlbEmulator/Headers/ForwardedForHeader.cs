using System.Net;
using AlbEmulator.Model;
using Microsoft.Extensions.Primitives;

namespace AlbEmulator.Headers;

/// <summary>X-Forwarded-For per <c>routing.http.xff_header_processing.mode</c> (HDR-1, HDR-2, HDR-4).</summary>
public static class ForwardedForHeader
{
    public const string HeaderName = "X-Forwarded-For";

    /// <summary>More addresses than this in the received header is a 463 (HDR-3).</summary>
    public const int MaxAddresses = Limits.AlbLimits.MaxForwardedForAddresses;

    /// <summary>
    /// The value to send, or null to send none. <paramref name="received"/> holds every received
    /// X-Forwarded-For field; several fields are joined with <c>", "</c> [EMU, HDR-4].
    /// </summary>
    public static string? Process(StringValues received, XffMode mode, IPAddress? client, int clientPort, bool includeClientPort) =>
        Process(received, mode, mode is XffMode.Remove or XffMode.Preserve ? "" : FormatClient(client, clientPort, includeClientPort));

    /// <summary><see cref="Process(StringValues, XffMode, IPAddress?, int, bool)"/> with the client already formatted (<see cref="FormatClient"/>; cached per connection).</summary>
    internal static string? Process(StringValues received, XffMode mode, string clientText)
    {
        switch (mode)
        {
            case XffMode.Remove:
                return null;
            case XffMode.Preserve:
                return received.Count == 0 ? null : received.Count == 1 ? received[0] : string.Join(", ", received.ToArray());
            default:
                if (received.Count == 0)
                {
                    return clientText;
                }

                return received.Count == 1
                    ? string.Concat(received[0], ", ", clientText)
                    : string.Join(", ", received.ToArray()) + ", " + clientText;
        }
    }

    /// <summary>Counts the comma-separated addresses across all received fields [EMU, HDR-3].</summary>
    public static int CountAddresses(StringValues received)
    {
        var count = 0;
        foreach (var value in received)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            count += value.AsSpan().Count(',') + 1;
        }

        return count;
    }

    /// <summary>The client as ALB appends it: <c>ip</c>, or <c>ip:port</c> / <c>[ipv6]:port</c> with the client-port attribute (HDR-2).</summary>
    public static string FormatClient(IPAddress? client, int port, bool includePort)
    {
        if (client is null)
        {
            return "-";
        }

        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }

        var ip = client.ToString();
        if (!includePort)
        {
            return ip;
        }

        return client.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]:{port}" : $"{ip}:{port}";
    }
}
