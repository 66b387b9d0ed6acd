using Cica.Contracts.Common.V1;
using Cica.Contracts.Countries;
using Cica.Contracts.Membership.V1;
using Cica.Membership.Storage;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Cica.Persistence.Migrations;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Configuration;
using Cica.Domain;
using Cica.Domain.Decisions;

namespace Cica.Membership.Seed;

/// <summary>
/// Loads membership as it stood on 11 October 2022 (deploy/seed/membership.json) on first start,
/// and announces every member with MemberStateAdmitted so that other services learn the membership.
/// The file is checked before anything is written: a bad row stops the start-up, naming the row.
/// </summary>
public sealed class MembershipSeed(IConfiguration configuration, TimeProvider clock) : ISeed<MembershipDatabase>
{
    /// <summary>Configuration key of the seed file's path.</summary>
    public const string SeedFileKey = "Membership:SeedFile";

    /// <inheritdoc />
    public async Task LoadAsync(UnitOfWork uow, CancellationToken ct)
    {
        var path = configuration[SeedFileKey] ?? Path.Combine(AppContext.BaseDirectory, "seed", "membership.json");
        var seed = MembershipSeedFile.Read(path);
        var now = clock.GetUtcNow();
        var stamp = now.ToString("O");

        foreach (var m in seed.MemberStates)
        {
            Check(IsoCountries.Problem(m.CountryCode), path, m.CountryCode);
            var row = new MemberStateRow(m.CountryCode, m.Name.En, m.Name.Ru ?? "", m.Name.Kk ?? "", CalendarDate.ParseIso(m.AccessionDate).ToIsoString(), null, null);
            await MemberStateStore.InsertAsync(uow, row, ct);
            var resource = row.ToResource();
            await uow.AddAsync(new MemberStateAdmitted
            {
                CountryCode = resource.CountryCode,
                DisplayName = resource.DisplayName,
                AccessionDate = resource.AccessionDate,
                OccurredAt = Timestamp.FromDateTimeOffset(now),
                Actor = new Actor { Kind = ActorKind.Secretariat },
            }, ct);
        }

        foreach (var o in seed.Observers)
        {
            var kind = o.Kind switch { "state" => ObserverKind.State, "organization" => ObserverKind.Organization, _ => Fail<ObserverKind>(path, o.Id, "kind") };
            if (kind == ObserverKind.State) Check(IsoCountries.Problem(o.CountryCode), path, o.Id);
            var status = o.Status switch { "observer" => ParticipationStatus.Observer, "partner" => ParticipationStatus.Partner, _ => Fail<ParticipationStatus>(path, o.Id, "status") };
            await ObserverStore.InsertAsync(uow, new ObserverRow
            {
                ObserverId = o.Id, Kind = (int)kind, CountryCode = o.CountryCode,
                NameEn = o.Name.En, NameRu = o.Name.Ru ?? "", NameKk = o.Name.Kk ?? "", Status = (int)status,
            }, ct);
        }

        foreach (var a in seed.AccessionApplications)
        {
            Check(IsoCountries.Problem(a.CountryCode), path, a.Id);
            var state = a.State switch
            {
                "submitted" => AccessionApplicationState.Submitted,
                "recommended" => AccessionApplicationState.Recommended,
                _ => Fail<AccessionApplicationState>(path, a.Id, "state"),
            };
            var recommendation = a.Recommendation?.ToDecisionReference($"{path}, application {a.Id}");
            await AccessionApplicationStore.InsertAsync(uow, new AccessionApplicationRow
            {
                ApplicationId = a.Id, CountryCode = a.CountryCode, NameEn = a.Name.En, NameRu = a.Name.Ru ?? "", NameKk = a.Name.Kk ?? "",
                State = (int)state, Recommendation = StoredDecisions.Format(recommendation), CreateTime = stamp, UpdateTime = stamp, Version = 1,
            }, ct);
        }
    }

    private static void Check(string? problem, string path, string row)
    {
        if (problem is not null) throw new InvalidDataException($"{path}, row {row}: country_code {problem}.");
    }

    private static T Fail<T>(string path, string row, string field) =>
        throw new InvalidDataException($"{path}, row {row}: invalid {field}.");
}
