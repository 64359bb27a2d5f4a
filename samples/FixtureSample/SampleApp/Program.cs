// A small web app, as a user of AlbEmulator would have: it reports what it received, so the tests can
// see what the load balancer forwarded. "Instance" (configuration) names the copy that answered.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<HealthState>();
var app = builder.Build();
var instance = app.Configuration["Instance"] ?? "app";

app.MapGet("/", () => Results.Text($"Hello from {instance}\n"));
app.MapGet("/api/hello", (HttpRequest request) => Results.Json(new
{
    instance,
    protocol = request.Protocol,
    host = request.Host.Value,
    forwardedFor = request.Headers["X-Forwarded-For"].ToString(),
    forwardedProto = request.Headers["X-Forwarded-Proto"].ToString(),
    forwardedPort = request.Headers["X-Forwarded-Port"].ToString(),
    traceId = request.Headers["X-Amzn-Trace-Id"].ToString(),
}));
app.MapGet("/health", (HealthState health) => health.Healthy ? Results.Text("ok\n") : Results.Text("down\n", statusCode: 503));

app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;

/// <summary>What <c>/health</c> reports: 200 while healthy, 503 otherwise (a test can flip it through the app's services).</summary>
public sealed class HealthState
{
    public bool Healthy { get; set; } = true;
}
