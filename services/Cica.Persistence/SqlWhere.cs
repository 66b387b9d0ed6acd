namespace Cica.Persistence;

/// <summary>
/// A WHERE clause made of only the conditions that apply. A filter the caller did not ask for must
/// be left out of the SQL, not switched off with a parameter (<c>@x IS NULL OR col = @x</c>):
/// SQLite plans a statement once for every parameter value, and such an OR keeps it from seeking
/// an index, so a List paged by key would read the table from its first row
/// (tests/Cica.Benchmarks measured the page at row 99,900 at 19 times the cost of the first).
/// </summary>
public sealed class SqlWhere
{
    private readonly List<string> _conditions = [];

    /// <summary>Adds a condition that always applies.</summary>
    public SqlWhere And(string condition)
    {
        _conditions.Add(condition);
        return this;
    }

    /// <summary>Adds a condition only when <paramref name="applies"/>.</summary>
    public SqlWhere AndIf(bool applies, string condition) => applies ? And(condition) : this;

    /// <summary>"WHERE a AND b", or nothing when no condition applies.</summary>
    public override string ToString() =>
        _conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", _conditions.Select(c => "(" + c + ")"));
}
