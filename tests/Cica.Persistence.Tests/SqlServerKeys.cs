using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Cica.Persistence.Tests;

/// <summary>
/// The keys (primary keys, unique constraints, indexes) a schema script declares, with the SQL Server
/// type of each key column, read from ScriptDom's syntax tree. SQL Server refuses a key on an
/// NVARCHAR(MAX) or VARBINARY(MAX) column, and one wider than 900 bytes (clustered) or 1,700 bytes
/// (nonclustered); the parser alone does not tell.
/// </summary>
public sealed class SqlServerKeys : TSqlFragmentVisitor
{
    private readonly Dictionary<string, Dictionary<string, DataTypeReference>> _columns = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Key> _keys = [];

    /// <summary>One key: where it is declared, whether it is the table's (clustered) primary key, its columns.</summary>
    public sealed record Key(string Table, string Name, bool IsPrimaryKey, IReadOnlyList<(string Column, DataTypeReference? Type)> Columns)
    {
        /// <summary>Largest key SQL Server accepts for this kind of index.</summary>
        public int MaxBytes => IsPrimaryKey ? 900 : 1700;

        /// <summary>Why SQL Server would refuse the key, or null.</summary>
        public string? Problem()
        {
            var unbounded = Columns.Where(c => c.Type is null || Bytes(c.Type) is null).Select(c => c.Column).ToList();
            if (unbounded.Count > 0) return $"{Table}.{Name}: key column(s) {string.Join(", ", unbounded)} are MAX or unknown";
            var bytes = Columns.Sum(c => Bytes(c.Type!)!.Value);
            return bytes > MaxBytes ? $"{Table}.{Name}: key is {bytes} bytes, more than {MaxBytes}" : null;
        }
    }

    /// <summary>The keys of the scripts, read in order (later scripts may index earlier tables).</summary>
    public static IReadOnlyList<Key> Of(IEnumerable<string> scripts)
    {
        var keys = new SqlServerKeys();
        foreach (var script in scripts)
        {
            var tree = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(script), out var errors);
            Assert.Empty(errors);
            tree.Accept(keys);
        }
        return keys._keys;
    }

    /// <inheritdoc />
    public override void ExplicitVisit(CreateTableStatement node)
    {
        var table = node.SchemaObjectName.BaseIdentifier.Value;
        var columns = _columns[table] = new(StringComparer.OrdinalIgnoreCase);
        foreach (var column in node.Definition.ColumnDefinitions)
        {
            columns[column.ColumnIdentifier.Value] = column.DataType;
            foreach (var constraint in column.Constraints.OfType<UniqueConstraintDefinition>())
                AddKey(table, constraint.IsPrimaryKey ? "PRIMARY KEY" : "UNIQUE", constraint.IsPrimaryKey, [column.ColumnIdentifier.Value]);
        }
        foreach (var constraint in node.Definition.TableConstraints.OfType<UniqueConstraintDefinition>())
            AddKey(table, constraint.IsPrimaryKey ? "PRIMARY KEY" : "UNIQUE", constraint.IsPrimaryKey, ColumnsOf(constraint.Columns));
    }

    /// <inheritdoc />
    public override void ExplicitVisit(AlterTableAddTableElementStatement node)
    {
        // Columns added later (ALTER TABLE … ADD) may be indexed by a later migration too.
        var columns = _columns.GetValueOrDefault(node.SchemaObjectName.BaseIdentifier.Value);
        if (columns is null) return;
        foreach (var column in node.Definition.ColumnDefinitions) columns[column.ColumnIdentifier.Value] = column.DataType;
    }

    /// <inheritdoc />
    public override void ExplicitVisit(CreateIndexStatement node) =>
        AddKey(node.OnName.BaseIdentifier.Value, node.Name.Value, false, ColumnsOf(node.Columns));

    private void AddKey(string table, string name, bool isPrimaryKey, IReadOnlyList<string> columns)
    {
        var declared = _columns.GetValueOrDefault(table);
        _keys.Add(new Key(table, name, isPrimaryKey, [.. columns.Select(c => (c, declared?.GetValueOrDefault(c)))]));
    }

    private static List<string> ColumnsOf(IEnumerable<ColumnWithSortOrder> columns) =>
        [.. columns.Select(c => c.Column.MultiPartIdentifier.Identifiers[^1].Value)];

    // Bytes a key column takes, or null when it cannot be a key column (MAX) or the type is not one we use.
    private static int? Bytes(DataTypeReference type)
    {
        if (type is not SqlDataTypeReference sql) return null;
        var length = sql.Parameters.Count == 1 && sql.Parameters[0] is IntegerLiteral n ? int.Parse(n.Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        return sql.SqlDataTypeOption switch
        {
            SqlDataTypeOption.NVarChar or SqlDataTypeOption.NChar => length * 2,
            SqlDataTypeOption.VarChar or SqlDataTypeOption.Char or SqlDataTypeOption.VarBinary or SqlDataTypeOption.Binary => length,
            SqlDataTypeOption.Int => 4,
            SqlDataTypeOption.BigInt => 8,
            SqlDataTypeOption.SmallInt => 2,
            SqlDataTypeOption.Bit or SqlDataTypeOption.TinyInt => 1,
            _ => null,
        };
    }
}
