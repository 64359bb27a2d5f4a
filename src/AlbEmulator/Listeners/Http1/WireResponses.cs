using System.Globalization;
using System.Text;
using AlbEmulator.Errors;

namespace AlbEmulator.Listeners.Http1;

/// <summary>
/// ALB-generated responses written straight to the connection, for rejections made before Kestrel
/// parses the request. Header order and spelling as ALB sends them (ERR-BODY-3): Server, Date,
/// Content-Type, Content-Length, Connection.
/// </summary>
internal static class WireResponses
{
    public static byte[] Build(AlbError error, DateTimeOffset now, bool headRequest, string? diagnostic)
    {
        var descriptor = AlbErrorCatalog.Get(error);
        var text = new StringBuilder(256);
        text.Append("HTTP/1.1 ").Append(descriptor.StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(descriptor.ReasonPhrase).Append("\r\n");
        text.Append("Server: ").Append(AlbResponseWriter.ServerHeaderValue).Append("\r\n");
        text.Append("Date: ").Append(now.ToString("R", CultureInfo.InvariantCulture)).Append("\r\n");
        text.Append("Content-Type: text/html\r\n");
        text.Append("Content-Length: ").Append(descriptor.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        text.Append("Connection: close\r\n");
        if (diagnostic is not null)
        {
            text.Append(AlbResponseWriter.DiagnosticHeaderName).Append(": ").Append(diagnostic).Append("\r\n");
        }

        text.Append("\r\n");
        var head = Encoding.ASCII.GetBytes(text.ToString());
        if (headRequest)
        {
            return head;
        }

        var bytes = new byte[head.Length + descriptor.Body.Length];
        head.CopyTo(bytes, 0);
        descriptor.Body.CopyTo(bytes, head.Length);
        return bytes;
    }
}
