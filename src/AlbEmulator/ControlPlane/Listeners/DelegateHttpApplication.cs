using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AlbEmulator.ControlPlane.Listeners;

/// <summary>Runs the emulator's request pipeline for a Kestrel server started outside the host (a dynamic listener).</summary>
internal sealed class DelegateHttpApplication : IHttpApplication<HttpContext>
{
    private readonly RequestDelegate _pipeline;
    private readonly IHttpContextFactory _contexts;

    public DelegateHttpApplication(RequestDelegate pipeline, IHttpContextFactory contexts)
    {
        _pipeline = pipeline;
        _contexts = contexts;
    }

    public HttpContext CreateContext(IFeatureCollection contextFeatures) => _contexts.Create(contextFeatures);

    public Task ProcessRequestAsync(HttpContext context) => _pipeline(context);

    public void DisposeContext(HttpContext context, Exception? exception) => _contexts.Dispose(context);
}
