using Dapper;
using Microsoft.Data.Sqlite;

namespace Cica.FaultInjection;

/// <summary>
/// What the consumers of MemberStateAdmitted have applied, read from their own databases (and from
/// the feed client's memory): which admitted countries each knows, the redeliveries their inboxes
/// dropped (duplicates delivered) and any effect recorded twice (duplicates applied).
/// </summary>
public sealed record Consumption(
    IReadOnlyDictionary<string, IReadOnlySet<string>> Applied,
    long DuplicatesDelivered,
    long DuplicatesApplied)
{
    /// <summary>The feed client, as a consumer.</summary>
    public const string FeedClient = "feed client";

    /// <summary>The gateway's feed log, as a consumer.</summary>
    public const string GatewayFeed = "gateway feed";

    /// <summary>Reads it now, from <paramref name="suite"/>'s databases and <paramref name="follower"/>.</summary>
    public static async Task<Consumption> ReadAsync(Suite suite, FeedFollower follower)
    {
        var applied = new Dictionary<string, IReadOnlySet<string>>();
        long delivered = 0, twice = 0;
        foreach (var service in Suite.Consumers)
        {
            var file = suite.DatabaseOf(service);
            applied[service] = (await QueryAsync<string>(file, "SELECT country_code FROM known_member_states")).ToHashSet();
            delivered += (await QueryAsync<long>(file, "SELECT COALESCE(SUM(redeliveries), 0) FROM inbox_messages")).SingleOrDefault();
            twice += (await QueryAsync<long>(file, "SELECT COUNT(*) - COUNT(DISTINCT message_id || '/' || consumer) FROM inbox_messages")).SingleOrDefault();
            twice += (await QueryAsync<long>(file, "SELECT COUNT(*) - COUNT(DISTINCT country_code) FROM known_member_states")).SingleOrDefault();
        }

        var gateway = suite.DatabaseOf(Suite.Gateway);
        var feed = (await QueryAsync<string>(gateway, "SELECT country_code FROM feed_events WHERE event_type = @Type", new { Type = AccessionDriver.AdmittedEvent })).ToList();
        applied[GatewayFeed] = feed.ToHashSet();
        delivered += (await QueryAsync<long>(gateway, "SELECT COALESCE(SUM(redeliveries), 0) FROM feed_events")).SingleOrDefault();
        twice += (await QueryAsync<long>(gateway, "SELECT COUNT(*) - COUNT(DISTINCT message_id) FROM feed_events")).SingleOrDefault();
        twice += feed.Count - feed.Distinct().Count(); // two events for one admission

        // The client applies what it receives: an event received twice is applied twice.
        var received = follower.Received;
        var admissions = received.Where(e => e.EventType == AccessionDriver.AdmittedEvent).Select(e => e.CountryCode).ToList();
        applied[FeedClient] = admissions.ToHashSet();
        twice += received.Count - received.Select(e => e.MessageId).Distinct().Count();
        twice += admissions.Count - admissions.Distinct().Count();
        return new Consumption(applied, delivered, twice);
    }

    /// <summary>(consumer, country) pairs of <paramref name="committed"/> not applied.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Missing(IEnumerable<string> committed) =>
        Applied.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)[.. committed.Where(c => !a.Value.Contains(c)).Order()]);

    /// <summary>True when every consumer applied every one of <paramref name="committed"/>.</summary>
    public bool AppliedAll(IEnumerable<string> committed) => Missing(committed).Values.All(m => m.Count == 0);

    // Read-only and unpooled: the services write these files meanwhile (WAL), and may not have
    // created a table yet (then: nothing applied).
    private static async Task<IEnumerable<T>> QueryAsync<T>(string file, string sql, object? args = null)
    {
        if (!File.Exists(file)) return [];
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            try
            {
                await connection.OpenAsync();
                return await connection.QueryAsync<T>(sql, args);
            }
            catch (SqliteException ex) when (ex.Message.Contains("no such table", StringComparison.Ordinal))
            {
                return [];
            }
            catch (SqliteException) when (attempt < 20)
            {
                await Task.Delay(50); // busy (a checkpoint, a migration): read again
            }
        }
    }
}
