namespace AlbEmulator.FunctionalTests;

/// <summary>
/// The expected bytes of <see cref="TargetWireBytesTests"/>, captured on main at 8002389 (YARP's forwarder with
/// SocketsHttpHandler for HTTP/1.x clients, the downgrade client for HTTP/2 clients) before the direct HTTP/1.1
/// forwarder. One exception: HTTP/2 <c>stream</c> (a request body without a length) was answered 502 by the
/// downgrade client, which could not read YARP's request content as a stream; it is now sent chunked. Two more:
/// <c>path-escapes</c> and <c>path-unusual</c> carry the request target as the client sent it (YARP decoded Kestrel's
/// path and escaped it again: <c>%2F</c> → <c>%252F</c>, <c>%7E</c> → <c>~</c>); see RequestTargetForwardingTests.
/// </summary>
public sealed partial class TargetWireBytesTests
{
    private static readonly Dictionary<string, string> ExpectedRequests = new()
    {
        ["absolute-form"] =
            "GET /abs?q HTTP/1.1\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "\r\n",
        ["chunked-upload"] =
            "PUT /upload HTTP/1.1\r\n" +
            "X-After: 1\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "Transfer-Encoding: chunked\r\n" +
            "Content-Type: text/plain\r\n" +
            "\r\n" +
            "C\r\n" +
            "hello, world\r\n" +
            "0\r\n" +
            "\r\n",
        ["content-headers"] =
            "PATCH /p HTTP/1.1\r\n" +
            "X-Mid: m\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "Content-Length: 3\r\n" +
            "Content-Encoding: gzip\r\n" +
            "Content-Language: en\r\n" +
            "Last-Modified: Tue, 01 Jan 2030 00:00:00 GMT\r\n" +
            "Allow: GET\r\n" +
            "\r\n" +
            "abc",
        ["cookies"] =
            "GET /cookies HTTP/1.1\r\n" +
            "Cookie: a=1; b=2; c=3\r\n" +
            "X-Between: y\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "\r\n",
        ["delete"] =
            "DELETE /item/7 HTTP/1.1\r\n" +
            "Authorization: Bearer abc\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "\r\n",
        ["duplicates"] =
            "GET /dup HTTP/1.1\r\n" +
            "Accept: text/html, application/json\r\n" +
            "User-Agent: a/1 b/2\r\n" +
            "Via: 1.1 p1, 1.1 p2\r\n" +
            "X-Dup: 1, 2\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "\r\n",
        ["empty-query"] =
            "GET /e? HTTP/1.1\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "\r\n",
        ["expect-100"] =
            "POST /expect HTTP/1.1\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "Content-Type: text/plain\r\n" +
            "Content-Length: 4\r\n" +
            "\r\n" +
            "body",
        ["get"] =
            "GET /a/b?x=1&y=%20 HTTP/1.1\r\n" +
            "Accept: */*\r\n" +
            "User-Agent: curl/8.0\r\n" +
            "Accept-Encoding: gzip\r\n" +
            "x-custom: one\r\n" +
            "X-Request-ID: rid\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 203.0.113.9, 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "\r\n",
        ["http10"] =
            "GET /old HTTP/1.1\r\n" +
            "User-Agent: old/1.0\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "\r\n",
        ["http10-no-host"] =
            "GET /old HTTP/1.1\r\n" +
            "Accept: text/html\r\n" +
            "Host: local-alb-3952928074.us-east-1.elb.amazonaws.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "\r\n",
        ["obs-text"] =
            "GET /obs HTTP/1.1\r\n" +
            "User-Agent: ua caf\u00e9-\u00ff\r\n" +
            "X-Obs: caf\u00e9-\u00ff\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "\r\n",
        ["path-escapes"] =
            "GET /a%2Fb/caf%C3%A9/%7Euser/x;y=1/(1)*!$,@:~/%25/a%20b?k=a%2Bb&e=%E2%82%AC&t=~'!*(),;:@/? HTTP/1.1\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "\r\n",
        ["path-unusual"] =
            "GET /p[1]/{x}|^`\"<>/?q=[1]{2}|^`\"<> HTTP/1.1\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "\r\n",
        ["post-content-length"] =
            "POST /submit HTTP/1.1\r\n" +
            "X-Trailing: t\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "Content-Type: application/json\r\n" +
            "Content-Length: 13\r\n" +
            "\r\n" +
            "{\"a\":\"b\",\"c\"}",
        ["post-empty"] =
            "POST /empty HTTP/1.1\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n",
        ["post-no-body"] =
            "POST /nobody HTTP/1.1\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n",
        ["server-and-set-cookie-request-headers"] =
            "GET /s HTTP/1.1\r\n" +
            "Warning: 199 x\r\n" +
            "Server: s\r\n" +
            "Set-Cookie: c=1\r\n" +
            "X-Frame-Options: deny\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "Content-Disposition: inline\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n",
        ["te-and-content-length"] =
            "GET /hop HTTP/1.1\r\n" +
            "If-None-Match: \"x\"\r\n" +
            "Referer: http://a.test/\r\n" +
            "Upgrade-Insecure-Requests: 1\r\n" +
            "Host: app.example.com:8080\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Self=1-TRACE\r\n" +
            "Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\r\n" +
            "Content-Length: 0\r\n" +
            "\r\n",
        ["transforms"] =
            "GET /product.php?id=B0042 HTTP/1.1\r\n" +
            "Accept: */*\r\n" +
            "Host: internal.dev.eu.myweb.com\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: http\r\n" +
            "X-Forwarded-Port: 8080\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "\r\n",
    };

    private static readonly Dictionary<string, string> ExpectedHttp2Requests = new()
    {
        ["get"] =
            "GET /h2/get?q=1 HTTP/1.1\r\n" +
            "Host: 127.0.0.1:PORT\r\n" +
            "user-agent: h2-agent/1.0\r\n" +
            "cookie: a=1\r\n" +
            "x-custom-header: v\r\n" +
            "x-request-id: rid\r\n" +
            "te: trailers\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: https\r\n" +
            "X-Forwarded-Port: 8443\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "\r\n",
        ["post"] =
            "POST /h2/post HTTP/1.1\r\n" +
            "Host: 127.0.0.1:PORT\r\n" +
            "user-agent: h2-agent/1.0\r\n" +
            "cookie: a=1\r\n" +
            "x-custom-header: v\r\n" +
            "x-request-id: rid\r\n" +
            "te: trailers\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: https\r\n" +
            "X-Forwarded-Port: 8443\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "content-type: text/plain; charset=utf-8\r\n" +
            "content-length: 5\r\n" +
            "\r\n" +
            "hello",
        ["stream"] =
            "PUT /h2/stream HTTP/1.1\r\n" +
            "Host: 127.0.0.1:PORT\r\n" +
            "user-agent: h2-agent/1.0\r\n" +
            "cookie: a=1\r\n" +
            "x-custom-header: v\r\n" +
            "x-request-id: rid\r\n" +
            "te: trailers\r\n" +
            "X-Forwarded-For: 127.0.0.1\r\n" +
            "X-Forwarded-Proto: https\r\n" +
            "X-Forwarded-Port: 8443\r\n" +
            "X-Amzn-Trace-Id: Root=1-TRACE\r\n" +
            "transfer-encoding: chunked\r\n" +
            "\r\n" +
            "8\r\n" +
            "streamed\r\n" +
            "0\r\n" +
            "\r\n",
    };

    private static readonly Dictionary<string, string> ExpectedResponses = new()
    {
        ["chunked"] =
            "HTTP/1.1 201 Created\r\n" +
            "Connection: close\r\n" +
            "Content-Type: text/plain\r\n" +
            "Date: DATE\r\n" +
            "Transfer-Encoding: chunked\r\n" +
            "X-After: z\r\n" +
            "\r\n" +
            "b\r\n" +
            "hello world\r\n" +
            "0\r\n" +
            "\r\n",
        ["content-headers"] =
            "HTTP/1.1 200 OK\r\n" +
            "Content-Length: 2\r\n" +
            "Connection: close\r\n" +
            "Date: DATE\r\n" +
            "Content-Language: en\r\n" +
            "ETag: \"t\"\r\n" +
            "Expires: 0\r\n" +
            "X-Frame-Options: DENY\r\n" +
            "X-Z: z\r\n" +
            "Content-Disposition: inline\r\n" +
            "\r\n" +
            "ok",
        ["continue-then-200"] =
            "HTTP/1.1 200 OK\r\n" +
            "Content-Length: 2\r\n" +
            "Connection: close\r\n" +
            "Date: DATE\r\n" +
            "\r\n" +
            "ok",
        ["head"] =
            "HTTP/1.1 200 OK\r\n" +
            "Content-Length: 10\r\n" +
            "Connection: close\r\n" +
            "Content-Type: text/plain\r\n" +
            "Date: DATE\r\n" +
            "\r\n",
        ["hop-by-hop"] =
            "HTTP/1.1 200 OK\r\n" +
            "Content-Length: 2\r\n" +
            "Connection: close\r\n" +
            "Date: DATE\r\n" +
            "Server: target/1\r\n" +
            "\r\n" +
            "ok",
        ["http10-client-chunked"] =
            "HTTP/1.1 200 OK\r\n" +
            "Connection: close\r\n" +
            "Date: DATE\r\n" +
            "\r\n" +
            "ok",
        ["http10-target"] =
            "HTTP/1.1 200 OK\r\n" +
            "Connection: close\r\n" +
            "Content-Type: text/plain\r\n" +
            "Date: DATE\r\n" +
            "Transfer-Encoding: chunked\r\n" +
            "\r\n" +
            "a\r\n" +
            "old target\r\n" +
            "0\r\n" +
            "\r\n",
        ["length"] =
            "HTTP/1.1 200 OK\r\n" +
            "Content-Length: 5\r\n" +
            "Connection: close\r\n" +
            "Content-Type: text/html; charset=utf-8\r\n" +
            "Date: DATE\r\n" +
            "Cache-Control: no-cache\r\n" +
            "Set-Cookie: a=1\r\n" +
            "Set-Cookie: b=2\r\n" +
            "x-lower: a\r\n" +
            "X-Dup: 1\r\n" +
            "X-Dup: 2\r\n" +
            "\r\n" +
            "hello",
        ["no-content"] =
            "HTTP/1.1 204 No Content\r\n" +
            "Connection: close\r\n" +
            "Date: DATE\r\n" +
            "X-A: b\r\n" +
            "\r\n",
        ["not-modified"] =
            "HTTP/1.1 304 Not Modified\r\n" +
            "Content-Length: 10\r\n" +
            "Connection: close\r\n" +
            "Date: DATE\r\n" +
            "ETag: \"e\"\r\n" +
            "\r\n",
        ["obs-text"] =
            "HTTP/1.1 200 OK\r\n" +
            "Content-Length: 2\r\n" +
            "Connection: close\r\n" +
            "Date: DATE\r\n" +
            "X-Obs: caf\u00e9-\u00ff\r\n" +
            "\r\n" +
            "ok",
        ["utf8-text"] =
            "HTTP/1.1 200 OK\r\n" +
            "Content-Length: 2\r\n" +
            "Connection: close\r\n" +
            "Date: DATE\r\n" +
            "X-Utf8: caf\u00c3\u00a9 \u00e2\u0082\u00ac\r\n" +
            "\r\n" +
            "ok",
        ["control-character"] =
            "HTTP/1.1 502 Bad Gateway\r\n" +
            "Server: awselb/2.0\r\n" +
            "Date: DATE\r\n" +
            "Content-Type: text/html\r\n" +
            "Content-Length: 122\r\n" +
            "Connection: keep-alive\r\n" +
            "\r\n" +
            "<html>\r\n" +
            "<head><title>502 Bad Gateway</title></head>\r\n" +
            "<body>\r\n" +
            "<center><h1>502 Bad Gateway</h1></center>\r\n" +
            "</body>\r\n" +
            "</html>\r\n",
        ["reason"] =
            "HTTP/1.1 404 Nope Not Here\r\n" +
            "Content-Length: 0\r\n" +
            "Connection: close\r\n" +
            "Date: DATE\r\n" +
            "\r\n",
        ["until-close"] =
            "HTTP/1.1 200 OK\r\n" +
            "Connection: close\r\n" +
            "Content-Type: text/plain\r\n" +
            "Date: DATE\r\n" +
            "Transfer-Encoding: chunked\r\n" +
            "\r\n" +
            "b\r\n" +
            "until close\r\n" +
            "0\r\n" +
            "\r\n",
    };
}
