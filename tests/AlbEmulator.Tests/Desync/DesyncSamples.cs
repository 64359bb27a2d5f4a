namespace AlbEmulator.Tests.Desync;

/// <summary>Request heads shared by the desync tests.</summary>
internal static class DesyncSamples
{
    /// <summary>A typical browser navigation request (GET, Host, User-Agent, Accept…, Cookie).</summary>
    public static ReadOnlySpan<byte> BrowserGet =>
        "GET /products/shoes?color=red&size=42 HTTP/1.1\r\n"u8 +
        "Host: shop.example.com\r\n"u8 +
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"u8 +
        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"u8 +
        "Accept-Language: en-US,en;q=0.5\r\n"u8 +
        "Accept-Encoding: gzip, deflate, br, zstd\r\n"u8 +
        "Referer: https://shop.example.com/\r\n"u8 +
        "Connection: keep-alive\r\n"u8 +
        "Cookie: session=3f1c2a9e8b7d; theme=dark; consent=yes\r\n"u8 +
        "Upgrade-Insecure-Requests: 1\r\n"u8 +
        "Sec-Fetch-Dest: document\r\n"u8 +
        "Sec-Fetch-Mode: navigate\r\n"u8 +
        "\r\n"u8;
}
