using Cica.Testing;

namespace Cica.Gateway.Tests;

/// <summary>Says which database this project's platforms ran on: passed = SQL Server (CICA_TEST_SQLSERVER), skipped = SQLite only.</summary>
public sealed class SqlServerTarget
{
    [SkippableFact]
    public void This_projects_platforms_ran_against_a_real_SQL_Server()
    {
        Skip.IfNot(TestSqlServer.Enabled, $"{TestSqlServer.Variable} is not set: this project's platforms ran on SQLite only; its SQL Server run was skipped.");
        Assert.StartsWith("cica_t_", new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(
            TestSqlServer.Apply(Path.GetTempPath(), null)["ConnectionStrings:" + Cica.Platform.PlatformModules.Services[0].Name]).InitialCatalog, StringComparison.Ordinal);
    }
}
