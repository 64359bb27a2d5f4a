using System.Text;

namespace AlbEmulator.Errors;

/// <summary>The HTML template of ALB-generated responses (ERR-BODY-1): nginx style, CRLF line endings.</summary>
public static class AlbErrorPage
{
    public static byte[] Render(int statusCode, string reasonPhrase)
    {
        var title = reasonPhrase.Length == 0 ? statusCode.ToString() : $"{statusCode} {reasonPhrase}";
        var html =
            "<html>\r\n" +
            $"<head><title>{title}</title></head>\r\n" +
            "<body>\r\n" +
            $"<center><h1>{title}</h1></center>\r\n" +
            "</body>\r\n" +
            "</html>\r\n";
        return Encoding.ASCII.GetBytes(html);
    }
}
