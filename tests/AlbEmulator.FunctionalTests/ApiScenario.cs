using AlbEmulator.Tests.Common;

namespace AlbEmulator.FunctionalTests;

/// <summary>
/// An emulator driven through the ELBv2 API: a backend named <c>web</c>, the emulator started from a config made for
/// it (relative paths resolve in <see cref="Directory"/>), and an <see cref="ElbApi"/> on its admin endpoint.
/// Disposing stops both and deletes the directory.
/// </summary>
internal sealed class ApiScenario : IAsyncDisposable
{
    private ApiScenario(string directory, TestBackend backend, AlbTestEnvironment env)
    {
        Directory = directory;
        Backend = backend;
        Env = env;
        Api = new ElbApi(env.Server.AdminUri!);
    }

    public string Directory { get; }

    public TestBackend Backend { get; }

    public AlbTestEnvironment Env { get; }

    public ElbApi Api { get; }

    public static async Task<ApiScenario> StartAsync(string directory, Func<TestBackend, string> config)
    {
        var backend = await Exchange.StartLengthDelimitedBackendAsync("web");
        try
        {
            return new ApiScenario(directory, backend, await AlbTestEnvironment.StartAsync(config(backend), directory));
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Env.DisposeAsync();
        await Backend.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
