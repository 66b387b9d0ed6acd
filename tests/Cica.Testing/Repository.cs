namespace Cica.Testing;

/// <summary>Paths inside the repository the tests run from.</summary>
public static class Repository
{
    /// <summary>The repository root: the folder holding Cica.Platform.sln above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The protos/ folder, the only thing a consumer in another language needs.</summary>
    public static string Protos => Path.Combine(Root, "protos");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cica.Platform.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cica.Platform.sln not found above " + AppContext.BaseDirectory);
    }
}
