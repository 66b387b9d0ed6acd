using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cica.FaultInjection;

/// <summary>The results as one table (console and Markdown) and as JSON.</summary>
public static class Report
{
    /// <summary>The table, in Markdown (readable as it is on a console).</summary>
    public static string Table(IReadOnlyList<FaultResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| fault | committed | lost | dup. delivered | dup. applied | outage s | recovered s | notes |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var notes = r.Error is not null ? "ERROR: " + r.Error.ReplaceLineEndings(" ")
                : string.Join("; ", new[] { r.Notes, Missing(r), $"{r.DriverRetries} calls retried, feed client reconnected {r.FeedReconnects}×" }.Where(n => n.Length > 0));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Key}: {r.Fault} | {r.Committed}×{r.Consumers} | {r.Lost} | {r.DuplicatesDelivered} | {r.DuplicatesApplied} | {r.OutageSeconds:F1} | {(r.RecoverySeconds is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "—")} | {notes} |");
        }
        return text.ToString();
    }

    private static string Missing(FaultResult r) =>
        string.Join("; ", r.Missing.Select(m => $"{m.Key} lacks {string.Join(",", m.Value.Take(8))}{(m.Value.Count > 8 ? "…" : "")}"));

    /// <summary>Writes results.md and results.json into <paramref name="folder"/>.</summary>
    public static async Task WriteAsync(string folder, IReadOnlyList<FaultResult> results, string machine, bool quick)
    {
        Directory.CreateDirectory(folder);
        var markdown = $"""
            # Fault injection ({(quick ? "quick" : "full")} run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)

            Machine: {machine}

            {Table(results)}
            Each fault ran during a stream of accessions written through Membership's gRPC API; the event tracked is
            MemberStateAdmitted, consumed by CBM, Chairmanship, Concept Papers (known_member_states), the gateway's feed
            log and a client following the feed with its cursor (committed × consumers).
            """;
        await File.WriteAllTextAsync(Path.Combine(folder, "results.md"), markdown);
        await File.WriteAllTextAsync(Path.Combine(folder, "results.json"),
            JsonSerializer.Serialize(new { machine, quick, utc = DateTime.UtcNow, results }, new JsonSerializerOptions { WriteIndented = true }));
    }
}
