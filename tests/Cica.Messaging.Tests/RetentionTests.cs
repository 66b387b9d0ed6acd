using Cica.Membership;
using Cica.Messaging.Retention;
using Cica.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Messaging.Tests;

/// <summary>Retry records and inbox entries are kept for the retention period, then removed.</summary>
public sealed class RetentionTests
{
    /// <summary>A clock the test moves.</summary>
    private sealed class MovedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task Rows_older_than_the_period_go_and_younger_rows_stay_until_the_clock_passes_them()
    {
        using var data = new TempDirectory();
        var clock = new MovedClock(DateTimeOffset.UtcNow);
        await using var platform = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string> { ["Messaging:Retention:BatchSize"] = "7" },
            overrideServices: s => s.AddSingleton<TimeProvider>(clock));
        var database = platform.Services.GetRequiredService<MembershipDatabase>();
        var retention = platform.Services.GetRequiredService<RetentionService>();

        var old = clock.Now.AddDays(-8).ToString("O");
        var young = clock.Now.AddDays(-1).ToString("O");
        await database.WriteAsync(async uow =>
        {
            for (var i = 0; i < 20; i++)
            {
                var at = i < 15 ? old : young;
                await uow.ExecuteAsync("INSERT INTO request_log (operation, request_id, fingerprint, response, created_at) VALUES ('test', @Id, 'f', @Response, @At)",
                    new { Id = "r" + i, Response = new byte[] { 1 }, At = at });
                await uow.ExecuteAsync("INSERT INTO inbox_messages (message_id, consumer, received_at) VALUES (@Id, 'test', @At)", new { Id = "m" + i, At = at });
            }
        }, default);

        await retention.PruneAsync(default);
        Assert.Equal(5, await CountAsync(database, "SELECT COUNT(*) FROM request_log WHERE operation = 'test'"));
        Assert.Equal(5, await CountAsync(database, "SELECT COUNT(*) FROM inbox_messages WHERE consumer = 'test'"));

        clock.Now = clock.Now.AddDays(7); // the young rows are now 8 days old
        await retention.PruneAsync(default);
        Assert.Equal(0, await CountAsync(database, "SELECT COUNT(*) FROM request_log WHERE operation = 'test'"));
        Assert.Equal(0, await CountAsync(database, "SELECT COUNT(*) FROM inbox_messages WHERE consumer = 'test'"));
    }

    private static Task<long> CountAsync(MembershipDatabase database, string sql) => database.QuerySingleOrDefaultAsync<long>(sql);
}
