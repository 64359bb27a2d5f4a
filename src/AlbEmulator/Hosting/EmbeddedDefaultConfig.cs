using System.Globalization;
using AlbEmulator.Configuration;

namespace AlbEmulator.Hosting;

/// <summary>The embedded default configuration (Resources/default-config.json).</summary>
public static class EmbeddedDefaultConfig
{
    /// <summary>The JSON text as shipped, with the <c>{{ECHO_PORT}}</c> placeholder.</summary>
    public static string Json { get; } = ReadResource();

    /// <summary>The default config with its target pointing at the echo target's port.</summary>
    public static ConfigReadResult Create(int echoPort, string baseDirectory) =>
        AlbConfigReader.ReadJson(Json.Replace("\"{{ECHO_PORT}}\"", echoPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), baseDirectory);

    private static string ReadResource()
    {
        var assembly = typeof(EmbeddedDefaultConfig).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("default-config.json", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
