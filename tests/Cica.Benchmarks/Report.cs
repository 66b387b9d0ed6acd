using System.Globalization;

namespace Cica.Benchmarks;

/// <summary>Prints headings, facts and latency tables to the console in one fixed layout.</summary>
public static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A section heading.</summary>
    public static void Heading(string text)
    {
        Console.WriteLine();
        Console.WriteLine("== " + text);
    }

    /// <summary>One "name: value" line.</summary>
    public static void Fact(string name, string value) => Console.WriteLine($"   {name + ":",-34} {value}");

    /// <summary>A table of latencies, milliseconds with microsecond resolution.</summary>
    public static void Table(IEnumerable<Latency> rows)
    {
        Console.WriteLine(string.Create(Invariant, $"   {"position",-44} {"calls",6} {"median ms",10} {"p95 ms",10} {"p99 ms",10} {"GCs 0/1/2",10}"));
        foreach (var r in rows)
            Console.WriteLine(string.Create(Invariant, $"   {r.Label,-44} {r.Calls,6} {r.MedianMs,10:F3} {r.P95Ms,10:F3} {r.P99Ms,10:F3} {r.Collections,10}"));
    }

    /// <summary>
    /// The 1, 5 and 15 minute load averages: other work on the two cores (a build, another test run)
    /// shows in the tails first, so the reader should know.
    /// </summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>A count with thousands separators.</summary>
    public static string Count(long n) => n.ToString("N0", Invariant);

    /// <summary>Seconds with one decimal.</summary>
    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F1", Invariant) + " s";

    /// <summary>A size in MiB with one decimal.</summary>
    public static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", Invariant) + " MiB";
}
