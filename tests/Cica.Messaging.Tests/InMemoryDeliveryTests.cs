using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace Cica.Messaging.Tests;

/// <summary>
/// The one-process default runs on the in-memory bus, where a publish is only a hand-over to an
/// in-process queue: a kill -9 between that and the consumer's commit must not lose the event.
/// </summary>
public sealed class InMemoryDeliveryTests
{
    private const string Admitted = "cica.membership.v1.MemberStateAdmitted";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_kill_9_after_an_event_went_to_the_in_memory_bus_and_before_its_consumer_committed_loses_nothing()
    {
        using var data = new TempDirectory();
        var state = Applicants.Take(1)[0];

        // First life: seed both services, then let Membership record an application the SOC recommends.
        await using (var first = await PlatformProcess.StartAsync(data.Path))
        {
            var membership = new MembershipService.MembershipServiceClient(first.Channel);
            await Applicants.SubmitAsync(first.Channel, [state]);
            await membership.RecommendAccessionAsync(new RecommendAccessionRequest
            {
                Name = $"accessionApplications/{state}-2023",
                Decision = new DecisionReference { Body = DecisionBody.SeniorOfficialsCommittee, Date = new CalendarDate { Year = 2023, Month = 2, Day = 1 } },
            }, Callers.Secretariat);
            await Eventually.HoldsAsync(async () => await CountAsync(data.Path, "cbm", "SELECT COUNT(*) FROM known_member_states") == 27,
                Patience, "CBM learns the seed's 27 member states");
            await first.StopAsync(); // orderly: what went out was handled, nothing is kept to go out again
        }

        // Second life: CBM's database is held by another process, so its consumer cannot commit; the
        // relay hands MemberStateAdmitted to the in-memory bus, records it as published, and dies.
        var faulty = new Dictionary<string, string>
        {
            ["Messaging:Outbox:FaultAfterConfirm"] = "exit-after-settle",
            ["Messaging:Outbox:FaultAfterConfirmOf"] = Admitted,
        };
        await using (var second = await PlatformProcess.StartAsync(data.Path, faulty))
        await using (var blocker = await HoldWriteLockAsync(data.Path, "cbm"))
        {
            try
            {
                await new MembershipService.MembershipServiceClient(second.Channel).AdmitMemberStateAsync(new AdmitMemberStateRequest
                {
                    Name = $"accessionApplications/{state}-2023",
                    Decision = new DecisionReference { Body = DecisionBody.Summit, Date = new CalendarDate { Year = 2023, Month = 3, Day = 1 } },
                }, Callers.Secretariat);
            }
            catch (RpcException) { /* the process may die before it answers: the admission committed either way */ }
            await Eventually.HoldsAsync(() => Task.FromResult(second.HasExited), Patience, "the fault point ends the process");
            Assert.Contains("FaultAfterConfirm", second.Output);
        }

        // The window was hit: Membership admitted the state, CBM never learnt it.
        Assert.Equal(1, await CountAsync(data.Path, "membership", $"SELECT COUNT(*) FROM member_states WHERE country_code = '{state}'"));
        Assert.Equal(0, await CountAsync(data.Path, "cbm", $"SELECT COUNT(*) FROM known_member_states WHERE country_code = '{state}'"));

        // Third life: what the second published and kept goes out again, and CBM applies it once.
        await using var third = await PlatformProcess.StartAsync(data.Path);
        await Eventually.HoldsAsync(async () =>
            await CountAsync(data.Path, "cbm", $"SELECT COUNT(*) FROM known_member_states WHERE country_code = '{state}'") == 1,
            Patience, $"CBM learns of {state}'s admission");
        // The 27 seed admissions and this one, each handled once.
        Assert.Equal(28, await CountAsync(data.Path, "cbm", "SELECT COUNT(*) FROM inbox_messages WHERE consumer = 'cbm-member-state-admitted'"));
    }

    // Another process's write transaction on a service's database file: its writers wait.
    private static async Task<SqliteConnection> HoldWriteLockAsync(string dataDirectory, string service)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, service + ".db")};Pooling=False");
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<long> CountAsync(string dataDirectory, string service, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, service + ".db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
