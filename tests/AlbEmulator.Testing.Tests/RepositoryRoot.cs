namespace AlbEmulator.Testing.Tests;

/// <summary>Finds the repository root (the directory holding AlbEmulator.sln) from the test's bin folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "AlbEmulator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AlbEmulator.sln not found above " + AppContext.BaseDirectory);
    }
}
