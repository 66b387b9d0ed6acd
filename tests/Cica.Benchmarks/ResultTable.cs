using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cica.Benchmarks;

/// <summary>
/// One line of the suite's table: a figure (the median of its runs), the baseline measured in the
/// same run, their ratio, and the target with whether it was met. Runs holds each run's own
/// figure, so a reader sees the spread the median hides.
/// </summary>
public sealed record ResultRow(string Id, string Figure, double Value, string Unit, double? Baseline, double? Ratio,
    string Target, bool? Met, double[] Runs, string Note = "")
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A number with as many decimals as its size deserves.</summary>
    public static string Format(double? value) => value switch
    {
        null => "",
        double v when double.IsNaN(v) => "n/a",
        double v when Math.Abs(v) >= 1000 => v.ToString("N0", Invariant),
        double v when Math.Abs(v) >= 100 => v.ToString("F0", Invariant),
        double v when Math.Abs(v) >= 10 => v.ToString("F1", Invariant),
        double v => v.ToString("F2", Invariant),
    };

    /// <summary>The cells of the table, in order.</summary>
    public string[] Cells() =>
    [
        Id, Figure, $"{Format(Value)} {Unit}", Baseline is null ? "" : $"{Format(Baseline)} {Unit}",
        Ratio is null ? "" : Ratio.Value.ToString("F2", Invariant), Target,
        Met switch { true => "met", false => "NOT met", null => "" },
        string.Join(" ", Runs.Select(r => Format(r))),
    ];
}

/// <summary>The suite's table on the console, as Markdown and as JSON.</summary>
public static class ResultTable
{
    private static readonly string[] Headers = ["", "figure", "value (median)", "baseline", "ratio", "target", "", "runs"];

    /// <summary>Prints the table with aligned columns.</summary>
    public static void Print(IReadOnlyList<ResultRow> rows)
    {
        var cells = rows.Select(r => r.Cells()).Prepend(Headers).ToList();
        var widths = Enumerable.Range(0, Headers.Length).Select(i => cells.Max(c => c[i].Length)).ToArray();
        foreach (var line in cells)
            Console.WriteLine("   " + string.Join("  ", line.Select((c, i) => i is 2 or 3 or 4 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
        foreach (var r in rows.Where(r => r.Note.Length > 0)) Console.WriteLine($"   {r.Id}: {r.Note}");
    }

    /// <summary>The Markdown document: what ran where, the table, the notes.</summary>
    public static string Markdown(IReadOnlyList<ResultRow> rows, IReadOnlyList<(string Name, string Value)> facts)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmark results").AppendLine();
        foreach (var (name, value) in facts) md.AppendLine($"- {name}: {value}");
        md.AppendLine();
        md.AppendLine("| " + string.Join(" | ", Headers) + " |");
        md.AppendLine("|" + string.Join("|", Headers.Select((_, i) => i is 2 or 3 or 4 ? "---:" : "---")) + "|");
        foreach (var r in rows) md.AppendLine("| " + string.Join(" | ", r.Cells().Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        var notes = rows.Where(r => r.Note.Length > 0).ToList();
        if (notes.Count > 0)
        {
            md.AppendLine();
            foreach (var r in notes) md.AppendLine($"- **{r.Id}**: {r.Note}");
        }
        return md.ToString();
    }

    /// <summary>The same as JSON: the facts and every row with its numbers.</summary>
    public static string Json(IReadOnlyList<ResultRow> rows, IReadOnlyList<(string Name, string Value)> facts) =>
        JsonSerializer.Serialize(new
        {
            facts = facts.ToDictionary(f => f.Name, f => f.Value),
            rows = rows.Select(r => new
            {
                id = r.Id, figure = r.Figure, value = Finite(r.Value), unit = r.Unit, baseline = Finite(r.Baseline), ratio = Finite(r.Ratio),
                target = r.Target, met = r.Met, runs = r.Runs.Select(x => Finite(x)), note = r.Note,
            }),
        }, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never });

    // JSON has no NaN.
    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? Math.Round(x, 4) : null;
}
