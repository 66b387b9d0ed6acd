using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Cica.Security.Tests;

/// <summary>
/// Row counts and a checksum of every table of every service database in a data directory, except
/// the audit trail (where refused writes are meant to leave their record).
/// </summary>
public static class DatabaseFingerprint
{
    /// <summary>"file/table" → "rows:checksum".</summary>
    public static async Task<SortedDictionary<string, string>> TakeAsync(string dataDirectory)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(dataDirectory, "*.db").Order())
        {
            await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            var tables = new List<string>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit_records', 'sqlite_sequence') ORDER BY name";
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
            }
            foreach (var table in tables)
            {
                using var select = connection.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await select.ExecuteReaderAsync();
                var rows = new List<string>();
                while (await reader.ReadAsync())
                {
                    var values = new object[reader.FieldCount];
                    reader.GetValues(values);
                    rows.Add(string.Join("\u001f", values.Select(v => v is byte[] b ? Convert.ToHexString(b) : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
                }
                rows.Sort(StringComparer.Ordinal);
                var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001e", rows))))[..16];
                result[$"{Path.GetFileName(file)}/{table}"] = $"{rows.Count}:{hash}";
            }
        }
        return result;
    }

    /// <summary>Waits until two fingerprints in a row are equal (start-up work such as the feed has settled) and returns it.</summary>
    public static async Task<SortedDictionary<string, string>> SettledAsync(string dataDirectory, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        var last = await TakeAsync(dataDirectory);
        while (true)
        {
            await Task.Delay(500);
            var next = await TakeAsync(dataDirectory);
            if (next.SequenceEqual(last) || DateTime.UtcNow > deadline) return next;
            last = next;
        }
    }

    /// <summary>The entries that differ, for a failure message.</summary>
    public static IEnumerable<string> Differences(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
            .Select(k => $"{k}: {before.GetValueOrDefault(k) ?? "-"} → {after.GetValueOrDefault(k) ?? "-"}");
}
