using Cica.Contracts.Countries;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;

namespace Cica.Messaging.Tests;

/// <summary>States that may apply (neither members nor Kuwait), and a quick way to make them apply.</summary>
public static class Applicants
{
    private static readonly HashSet<string> Seeded =
    [
        "AFG", "AZE", "CHN", "EGY", "IND", "IRN", "ISR", "KAZ", "KGZ", "PAK", "PSE", "RUS", "TJK", "TUR", "UZB",
        "MNG", "THA", "KOR", "JOR", "ARE", "IRQ", "VNM", "BHR", "KHM", "BGD", "QAT", "LKA", "KWT",
    ];

    /// <summary>The first <paramref name="count"/> ISO countries, in code order, that can apply.</summary>
    public static IReadOnlyList<string> Take(int count) =>
        [.. IsoCountries.All.Select(c => c.Code).Where(c => !Seeded.Contains(c)).Order().Take(count)];

    /// <summary>Submits an application for each country; every call must succeed.</summary>
    public static async Task SubmitAsync(GrpcChannel channel, IEnumerable<string> countries)
    {
        var membership = new MembershipService.MembershipServiceClient(channel);
        foreach (var code in countries)
            await membership.SubmitAccessionApplicationAsync(new SubmitAccessionApplicationRequest
            {
                CountryCode = code,
                SubmittedOn = new() { Year = 2023, Month = 1, Day = 9 },
            }, Callers.Secretariat);
    }

    /// <summary>Events waiting in the outbox of a membership database file (read while no process writes); published rows kept for the republish window are not waiting.</summary>
    public static async Task<IReadOnlyList<string>> OutboxTypesAsync(string dataDirectory)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "membership.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_type FROM outbox_messages WHERE published_at IS NULL ORDER BY sequence";
        var types = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) types.Add(reader.GetString(0));
        return types;
    }
}
