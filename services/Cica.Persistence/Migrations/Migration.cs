using System.Reflection;
using System.Text.RegularExpressions;

namespace Cica.Persistence.Migrations;

/// <summary>
/// One versioned change of a module's schema: an embedded <c>NNNN_name.sql</c> file written in
/// portable SQL with the dialect tokens of <see cref="Dialects.SqlDialect"/>.
/// </summary>
public sealed partial record Migration(string Module, int Version, string Name, string Sql)
{
    /// <summary>
    /// The migrations of a module: every embedded resource of <paramref name="assembly"/> named
    /// <c>…Migrations.NNNN_name.sql</c>, in version order.
    /// </summary>
    public static IReadOnlyList<Migration> FromAssembly(Assembly assembly, string module)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = FileName().Match(resource);
            if (!match.Success) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(module, int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups["name"].Value, reader.ReadToEnd()));
        }
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Module {module} has two migrations numbered {duplicate.Key}.");
        return [.. migrations.OrderBy(m => m.Version)];
    }

    [GeneratedRegex(@"\.Migrations\.(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
