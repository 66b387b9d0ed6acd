using System.Text;
using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Cica.Persistence.Tests;

/// <summary>
/// T-SQL as SQL Server 2022 (compatibility level 160) parses it, through ScriptDom: the syntax check
/// we can run where no SQL Server is. It proves the grammar, not names, types or permissions.
/// </summary>
public static partial class TSql
{
    /// <summary>The parse errors of a batch ("line L, column C: message"); empty when the syntax is T-SQL.</summary>
    public static IReadOnlyList<string> ParseErrors(string batch)
    {
        var problems = new List<string>();
        foreach (Match token in Token().Matches(batch))
            problems.Add($"dialect token {token.Value} was left unrendered");
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(AsDapperSendsIt(batch)), out var errors);
        problems.AddRange(errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message} (error {e.Number})"));
        return problems;
    }

    /// <summary>
    /// Fails listing every statement that does not parse, with its errors and its text; passes when all
    /// parse. <paramref name="statements"/> are named so the report says where each came from.
    /// </summary>
    public static void AssertParses(IEnumerable<(string Name, string Sql)> statements)
    {
        var report = new StringBuilder();
        var failed = 0;
        foreach (var (name, sql) in statements)
        {
            var errors = ParseErrors(sql);
            if (errors.Count == 0) continue;
            failed++;
            report.AppendLine($"--- {name}");
            foreach (var error in errors) report.AppendLine("    " + error);
            report.AppendLine(sql).AppendLine();
        }
        Assert.True(failed == 0, $"{failed} statement(s) are not valid T-SQL:\n{report}");
    }

    /// <summary>
    /// The statement as it reaches the server: Dapper rewrites a list parameter, "IN @ids", into
    /// "IN (@ids1, @ids2, …)" on the client, so the server never sees the unparenthesised form.
    /// </summary>
    public static string AsDapperSendsIt(string sql) =>
        ListParameter().Replace(sql, m => $"IN ({m.Groups["name"].Value}1, {m.Groups["name"].Value}2)");

    [GeneratedRegex(@"\bIN\s+(?<name>@\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex ListParameter();

    [GeneratedRegex(@"\{(text|blob|autoid|limit)\}")]
    private static partial Regex Token();
}
