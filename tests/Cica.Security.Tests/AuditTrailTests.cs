using Cica.Contracts.Audit.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace Cica.Security.Tests;

/// <summary>Every write leaves a record (committed or refused) that the Secretariat can read and nobody can alter through the API.</summary>
public sealed class AuditTrailTests
{
    [Fact]
    public async Task A_committed_write_and_a_refused_one_are_both_in_the_trail_which_only_the_Secretariat_reads()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var membership = host.Client<MembershipService.MembershipServiceClient>();
        var audit = host.Client<AuditTrailService.AuditTrailServiceClient>();
        var submit = new SubmitAccessionApplicationRequest { CountryCode = "PHL", SubmittedOn = new() { Year = 2023, Month = 1, Day = 1 } };

        await membership.SubmitAccessionApplicationAsync(submit, Callers.Secretariat);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => membership.SubmitAccessionApplicationAsync(submit, Callers.MemberState("KAZ")).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => membership.SubmitAccessionApplicationAsync(submit, Callers.Observer).ResponseAsync);

        var records = (await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Service = "membership" }, Callers.Secretariat)).AuditRecords;
        var method = "cica.membership.v1.MembershipService/SubmitAccessionApplication";
        var committed = Assert.Single(records, r => r.Outcome == "OK" && r.Method == method);
        Assert.Equal("secretariat", committed.Caller);
        Assert.Equal("accessionApplications/PHL-2023", committed.Resource);
        Assert.Equal(32, committed.TraceId.Length);
        var refused = Assert.Single(records, r => r.Caller == "member-state/KAZ");
        Assert.Equal(("PERMISSION_DENIED", "SECRETARIAT_ONLY", method), (refused.Outcome, refused.Reason, refused.Method));
        Assert.Single(records, r => r.Caller == "observer" && r.Reason == "OBSERVER_READ_ONLY");
        Assert.True(records[0].Sequence > records[^1].Sequence, "newest first");

        // Paging, and only the Secretariat reads it.
        var first = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Service = "membership", PageSize = 1 }, Callers.Secretariat);
        var second = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Service = "membership", PageSize = 1, PageToken = first.NextPageToken }, Callers.Secretariat);
        Assert.True(second.AuditRecords[0].Sequence < first.AuditRecords[0].Sequence);
        await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "SECRETARIAT_ONLY",
            () => audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Service = "membership" }, Callers.MemberState("KAZ")).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Service = "nothing" }, Callers.Secretariat).ResponseAsync);

        // Every service database has the table (the CBM one starts empty of API writes).
        Assert.Empty((await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Service = "cbm" }, Callers.Secretariat)).AuditRecords);
        Assert.Empty((await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Service = "gateway" }, Callers.Secretariat)).AuditRecords);
    }

    [Fact]
    public async Task The_audit_record_of_a_write_is_in_the_services_own_database()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var membership = host.Client<MembershipService.MembershipServiceClient>();
        await membership.SubmitAccessionApplicationAsync(new SubmitAccessionApplicationRequest { CountryCode = "PHL", SubmittedOn = new() { Year = 2023, Month = 1, Day = 1 } }, Callers.Secretariat);

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(data.Path, "membership.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM audit_records WHERE outcome = 'OK' AND resource = 'accessionApplications/PHL-2023'";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }
}
