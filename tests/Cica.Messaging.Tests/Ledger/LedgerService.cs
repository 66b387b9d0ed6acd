using Cica.Contracts.Membership.V1;
using Cica.Messaging;
using Cica.Messaging.Inbox;
using Cica.Messaging.Trust;
using Cica.Persistence;
using Cica.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Messaging.Tests.Ledger;

/// <summary>The ledger's own database.</summary>
public sealed class LedgerDatabase(DatabaseOptions options) : Database(options);

/// <summary>
/// Counts, per country, how many times an AccessionApplicationSubmitted was applied. Built on the
/// platform's InboxConsumer, so a redelivered event must leave every count at one.
/// </summary>
public sealed class LedgerConsumer(LedgerDatabase database) : InboxConsumer<LedgerDatabase, AccessionApplicationSubmitted>(database)
{
    /// <summary>Countries whose events fail (every retry included) while listed: a consumer bug, for the error-queue tests.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Failing = new();

    /// <inheritdoc />
    protected override async Task HandleAsync(AccessionApplicationSubmitted message, UnitOfWork uow, CancellationToken ct)
    {
        if (Failing.ContainsKey(message.CountryCode))
            throw new InvalidOperationException($"The ledger cannot apply {message.CountryCode} (test fault).");
        var updated = await uow.ExecuteAsync("UPDATE ledger SET times_applied = times_applied + 1 WHERE country_code = @CountryCode", new { message.CountryCode }, ct);
        if (updated == 0) await uow.ExecuteAsync("INSERT INTO ledger (country_code, times_applied) VALUES (@CountryCode, 1)", new { message.CountryCode }, ct);
    }
}

/// <summary>
/// Another service, as far as the platform can tell: its own host, database and queue on the test's
/// virtual host of the broker, made of the platform's building blocks.
/// </summary>
public sealed class LedgerService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConsumeCounter _consumed = new();

    private LedgerService(WebApplication app)
    {
        _app = app;
        app.Services.GetRequiredService<IBusControl>().ConnectConsumeObserver(_consumed);
    }

    /// <summary>Messages the consumer has finished with (applied or recognised as already applied).</summary>
    public int Consumed => _consumed.Count;

    /// <summary>
    /// Starts the ledger on the test broker (as guest), its database in <paramref name="dataDirectory"/>.
    /// It takes Membership's events only from <paramref name="membershipUser"/>, the broker user
    /// Membership publishes as in the test: cica-membership, or guest for a platform in one process.
    /// </summary>
    public static async Task<LedgerService> StartAsync(string dataDirectory, string brokerUri, string membershipUser = "cica-membership")
    {
        var builder = WebApplication.CreateBuilder([
            "--Messaging:RabbitMq=" + brokerUri,
            $"--{EventOwnership.PublishersSection}:membership={membershipUser}",
            $"--{EventOwnership.OperatorsKey}=guest", // the tests re-drive _error queues as guest
            "--Persistence:DataDirectory=" + dataDirectory,
            "--Logging:LogLevel:Default=Warning",
            "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0", // not the platform's 5080 from appsettings.json
            "--Kestrel:Endpoints:Rest:Url=http://127.0.0.1:0", // nor its REST 5088, which another process may hold
        ]);
        builder.Services.AddDatabase(builder.Configuration, "ledger", o => new LedgerDatabase(o),
            MessagingRegistration.Migrations, (typeof(LedgerService).Assembly, "ledger"));
        builder.Services.AddConsumers(x => x.AddConsumer<LedgerConsumer>().Endpoint(e => e.Name = "test-ledger"));
        builder.Services.AddSingleton(EventOwnership.FromConfiguration(builder.Configuration,
            new Dictionary<string, string> { ["cica.membership.v1"] = "membership" }, carried: []));
        builder.AddMessaging();
        var app = builder.Build();
        await app.StartAsync();
        await app.Services.GetRequiredService<LedgerDatabase>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
        await app.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return new LedgerService(app);
    }

    /// <summary>Country → times applied.</summary>
    public async Task<Dictionary<string, int>> CountsAsync()
    {
        var rows = await _app.Services.GetRequiredService<LedgerDatabase>().QueryAsync<(string Country, long Times)>(
            "SELECT country_code, times_applied FROM ledger");
        return rows.ToDictionary(r => r.Country, r => (int)r.Times);
    }

    /// <summary>Waits until the consumer has finished with <paramref name="count"/> messages.</summary>
    public async Task WaitForConsumedAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Consumed < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"ledger consumed {Consumed} of {count} messages in {timeout}");
            await Task.Delay(100);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

}
