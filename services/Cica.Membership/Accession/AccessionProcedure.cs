using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Membership.Storage;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Google.Protobuf.WellKnownTypes;
using Cica.Domain;
using Cica.Domain.Decisions;

namespace Cica.Membership.Accession;

/// <summary>
/// The accession procedure: a state applies; the SOC approves the draft decision and recommends it
/// to the Summit; the Summit adopts it and the state is a member from that day. Each step runs
/// inside the caller's transaction and writes its event to the outbox of that transaction.
/// Requests reaching here are well-formed; these are the rules that depend on the stored state.
/// </summary>
public static class AccessionProcedure
{
    /// <summary>Records a new application; FAILED_PRECONDITION if the state is a member or already applying.</summary>
    public static async Task<AccessionApplication> SubmitAsync(UnitOfWork uow, string countryCode, CalendarDate submittedOn,
        LocalizedText name, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        if (await MemberStateStore.IsMemberAsync(uow, countryCode, ct))
            throw Refusals.RuleViolated("ALREADY_MEMBER", $"{countryCode} is already a member state.",
                new Dictionary<string, string> { ["country_code"] = countryCode });
        var open = await AccessionApplicationStore.OpenForCountryAsync(uow, countryCode, (int)AccessionApplicationState.Admitted, ct);
        if (open.Count > 0)
            throw Refusals.RuleViolated("APPLICATION_OPEN", $"{countryCode} already has an open application, {ResourceNames.AccessionApplication(open[0].ApplicationId)}.",
                new Dictionary<string, string> { ["country_code"] = countryCode, ["application"] = ResourceNames.AccessionApplication(open[0].ApplicationId) });

        var id = await NewApplicationIdAsync(uow, countryCode, submittedOn.Year, ct);
        var stamp = now.ToString("O");
        var row = new AccessionApplicationRow
        {
            ApplicationId = id, CountryCode = countryCode, NameEn = name.En, NameRu = name.Ru, NameKk = name.Kk,
            State = (int)AccessionApplicationState.Submitted, SubmittedOn = submittedOn.ToIsoString(),
            CreateTime = stamp, UpdateTime = stamp, Version = 1,
        };
        await AccessionApplicationStore.InsertAsync(uow, row, ct);
        await uow.AddAsync(new AccessionApplicationSubmitted
        {
            Application = ResourceNames.AccessionApplication(id),
            CountryCode = countryCode,
            SubmittedOn = submittedOn,
            OccurredAt = Timestamp.FromDateTimeOffset(now),
            Actor = caller.ToActor(),
        }, ct);
        return row.ToResource();
    }

    /// <summary>Records the SOC's recommendation; the application must be SUBMITTED.</summary>
    public static async Task<AccessionApplication> RecommendAsync(UnitOfWork uow, string applicationId, DecisionReference decision,
        string etag, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var row = await LoadForChangeAsync(uow, applicationId, etag, ct);
        if (row.Stage != AccessionApplicationState.Submitted)
            throw Refusals.RuleViolated("NOT_SUBMITTED",
                $"{ResourceNames.AccessionApplication(applicationId)} is {row.Stage}; only a SUBMITTED application can be recommended.",
                new Dictionary<string, string> { ["state"] = row.Stage.ToString() });

        var updated = row with
        {
            State = (int)AccessionApplicationState.Recommended,
            Recommendation = StoredDecisions.Format(decision),
            UpdateTime = now.ToString("O"),
            Version = row.Version + 1,
        };
        await SaveAsync(uow, updated, row.Version, ct);
        await uow.AddAsync(new AccessionRecommended
        {
            Application = ResourceNames.AccessionApplication(applicationId),
            CountryCode = row.CountryCode,
            Decision = decision,
            OccurredAt = Timestamp.FromDateTimeOffset(now),
            Actor = caller.ToActor(),
        }, ct);
        return updated.ToResource();
    }

    /// <summary>
    /// Records the Summit's adoption: the state becomes a member from the decision's date and the
    /// application is closed. The application must be RECOMMENDED, the state not yet a member, and the
    /// Summit's decision not dated before the SOC's recommendation.
    /// </summary>
    public static async Task<AdmitMemberStateResponse> AdmitAsync(UnitOfWork uow, string applicationId, DecisionReference decision,
        string etag, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var row = await LoadForChangeAsync(uow, applicationId, etag, ct);
        var name = ResourceNames.AccessionApplication(applicationId);
        if (row.Stage == AccessionApplicationState.Admitted)
            throw Refusals.RuleViolated("ALREADY_ADMITTED", $"{name} is already ADMITTED: {row.CountryCode} is a member state.",
                new Dictionary<string, string> { ["country_code"] = row.CountryCode });
        if (row.Stage != AccessionApplicationState.Recommended)
            throw Refusals.RuleViolated("NOT_RECOMMENDED",
                $"{name} is {row.Stage}: the Summit can admit a state only after the SOC has recommended its accession.",
                new Dictionary<string, string> { ["state"] = row.Stage.ToString() });
        if (await MemberStateStore.IsMemberAsync(uow, row.CountryCode, ct))
            throw Refusals.RuleViolated("ALREADY_MEMBER", $"{row.CountryCode} is already a member state.",
                new Dictionary<string, string> { ["country_code"] = row.CountryCode });
        var recommended = StoredDecisions.Parse(row.Recommendation)?.Date;
        if (recommended is not null && decision.Date.ToDateOnly() < recommended.FirstDay())
            throw Refusals.RuleViolated("ADMISSION_BEFORE_RECOMMENDATION",
                $"The Summit's decision ({decision.Date.ToIsoString()}) cannot precede the SOC's recommendation ({recommended.ToIsoString()}).");

        var updated = row with
        {
            State = (int)AccessionApplicationState.Admitted,
            Admission = StoredDecisions.Format(decision),
            UpdateTime = now.ToString("O"),
            Version = row.Version + 1,
        };
        await SaveAsync(uow, updated, row.Version, ct);
        var member = new MemberStateRow(row.CountryCode, row.NameEn, row.NameRu, row.NameKk,
            decision.Date.ToIsoString(), StoredDecisions.Format(decision), name);
        await MemberStateStore.InsertAsync(uow, member, ct);
        var resource = member.ToResource();
        await uow.AddAsync(new MemberStateAdmitted
        {
            CountryCode = resource.CountryCode,
            DisplayName = resource.DisplayName,
            AccessionDate = resource.AccessionDate,
            Decision = decision,
            OccurredAt = Timestamp.FromDateTimeOffset(now),
            Actor = caller.ToActor(),
        }, ct);
        return new AdmitMemberStateResponse { MemberState = resource, AccessionApplication = updated.ToResource() };
    }

    private static async Task<AccessionApplicationRow> LoadForChangeAsync(UnitOfWork uow, string applicationId, string etag, CancellationToken ct)
    {
        var row = await AccessionApplicationStore.FindAsync(uow, applicationId, ct)
            ?? throw Refusals.NotFound(ResourceNames.AccessionApplication(applicationId));
        if (etag.Length > 0 && etag != row.Etag)
            throw Refusals.StaleEtag(ResourceNames.AccessionApplication(applicationId));
        return row;
    }

    private static async Task SaveAsync(UnitOfWork uow, AccessionApplicationRow row, int expectedVersion, CancellationToken ct)
    {
        // Writes hold the write lock, so this only fails if the lock discipline is ever broken.
        if (!await AccessionApplicationStore.UpdateAsync(uow, row, expectedVersion, ct))
            throw Refusals.StaleEtag(ResourceNames.AccessionApplication(row.ApplicationId));
    }

    // "KWT-2022"; "KWT-2022-2" if a second application is made the same year.
    private static async Task<string> NewApplicationIdAsync(UnitOfWork uow, string countryCode, int year, CancellationToken ct)
    {
        var id = $"{countryCode}-{year}";
        for (var n = 2; await AccessionApplicationStore.ExistsAsync(uow, id, ct); n++) id = $"{countryCode}-{year}-{n}";
        return id;
    }
}
