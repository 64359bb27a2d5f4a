using System.Reflection;

namespace AlbEmulator.Hosting;

/// <summary>
/// The product version, one for every assembly and package: computed from git by MinVer at build time
/// (Directory.Build.props) and read back from the informational version, without the commit suffix.
/// </summary>
public static class AlbEmulatorVersion
{
    public static string Current { get; } = Read();

    private static string Read()
    {
        var informational = typeof(AlbEmulatorVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            return typeof(AlbEmulatorVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        }

        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
