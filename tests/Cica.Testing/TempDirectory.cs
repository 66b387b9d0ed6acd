namespace Cica.Testing;

/// <summary>A directory of its own for one test's data, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates an empty directory under the system temp folder.</summary>
    public TempDirectory(string prefix = "cica-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a child process may still hold a file for a moment */ }
    }
}
