namespace AlbEmulator.Tests.Common;

/// <summary>Locates the repository (the directory holding AlbEmulator.sln). Tests read nothing outside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Docs => Path.Combine(Root, "docs");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AlbEmulator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AlbEmulator.sln not found above " + AppContext.BaseDirectory);
    }
}
