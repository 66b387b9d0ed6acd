using System.Globalization;
using Cica.Contracts.Countries;
using Cica.Contracts.Membership.V1;
using Cica.Membership;
using Cica.Membership.Storage;

namespace Cica.Benchmarks;

/// <summary>
/// Fills accession_applications with many SUBMITTED applications, straight into the SQLite file
/// (the platform stopped), in one transaction, through the store's own INSERT.
/// </summary>
/// <remarks>
/// Why not through SubmitAccessionApplication: the RPC cannot make this data set at all, since a
/// country may have only one open application and ISO 3166-1 has 249 countries; and even without
/// that rule, 100,000 write RPCs (each its own fsynced transaction with an outbox event and a retry
/// record: 200,000 rows and more) would take minutes on two cores. The benchmark is about reading;
/// the write path is what the service's tests exercise.
/// </remarks>
public static class BulkLoad
{
    /// <summary>
    /// Inserts <paramref name="count"/> applications besides those already there (the seed has a
    /// few); returns every id in the table, in key order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ApplicationsAsync(MembershipDatabase database, int count)
    {
        var ct = CancellationToken.None;
        var (ids, seeded) = await database.WriteAsync(async uow =>
        {
            var ids = (await uow.QueryAsync<string>("SELECT application_id FROM accession_applications", ct: ct)).ToHashSet(StringComparer.Ordinal);
            var seeded = ids.Count;
            foreach (var row in Rows(DateTimeOffset.UtcNow).Where(r => !ids.Contains(r.ApplicationId)).Take(count))
            {
                await AccessionApplicationStore.InsertAsync(uow, row, ct);
                ids.Add(row.ApplicationId);
            }
            return (ids, seeded);
        }, ct);
        if (ids.Count != seeded + count) throw new InvalidOperationException($"Made {ids.Count - seeded} applications, not {count}.");
        // SQLite compares TEXT keys bytewise; these ids are ASCII, so ordinal order is the table's order.
        return [.. ids.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Rows as SubmitAccessionApplication writes them: ids "{country}-{year}", then "{country}-{year}-{n}"
    /// for a country's further applications of a year (the service's own scheme), every country of
    /// ISO 3166-1 applying in each year from 1992 to 2025, as many rounds as asked for.
    /// </summary>
    private static IEnumerable<AccessionApplicationRow> Rows(DateTimeOffset now)
    {
        var countries = IsoCountries.All.OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
        var made = 0;
        for (var n = 1; ; n++)
            for (var year = 1992; year <= 2025; year++)
                foreach (var country in countries)
                {
                    var submittedOn = new DateOnly(year, 1, 1).AddDays((n * 31 + made) % 365);
                    var stamp = now.AddSeconds(-made).ToString("O", CultureInfo.InvariantCulture);
                    yield return new AccessionApplicationRow
                    {
                        ApplicationId = n == 1 ? $"{country.Code}-{year}" : $"{country.Code}-{year}-{n}",
                        CountryCode = country.Code,
                        NameEn = country.Name.En, NameRu = country.Name.Ru, NameKk = country.Name.Kk,
                        State = (int)AccessionApplicationState.Submitted,
                        SubmittedOn = submittedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        CreateTime = stamp, UpdateTime = stamp, Version = 1,
                    };
                    made++;
                }
    }
}
