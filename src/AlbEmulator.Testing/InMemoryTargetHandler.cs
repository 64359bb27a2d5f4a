namespace AlbEmulator.Testing;

/// <summary>
/// The handler in front of an in-memory app (<see cref="AlbEmulatorFixtureBuilder.WithApp{TEntryPoint}"/>). The emulator
/// forwards the client's request target as received (docs/request-headers.md, "The request target"), so the URL it
/// hands a forwarder is built with path and query canonicalisation off; the test server's handler reads the URL's path
/// and query components, which such a URL refuses (<see cref="InvalidOperationException"/>, answered as a 502). An
/// in-memory app has no wire to keep bytes on, so the URL is parsed again the ordinary way before the app gets it.
/// </summary>
internal sealed class InMemoryTargetHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            request.RequestUri = new Uri(uri.OriginalString);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
