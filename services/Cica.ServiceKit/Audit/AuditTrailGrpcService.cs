using System.Globalization;
using Cica.Contracts.Audit.V1;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.ServiceDefaults.Callers;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;

namespace Cica.ServiceKit.Audit;

/// <summary>
/// cica.audit.v1.AuditTrailService: the Secretariat reads the trail of each database this host
/// carries, or of a service it knows the address of (<see cref="IRemoteAuditTrails"/>). No method changes it.
/// </summary>
public sealed class AuditTrailGrpcService(IEnumerable<AuditedDatabase> databases, IEnumerable<IRemoteAuditTrails> remotes, IServiceProvider services, ICallerResolver callers)
    : AuditTrailService.AuditTrailServiceBase
{
    private const int DefaultSize = 50;
    private const int MaxSize = 500;

    /// <inheritdoc />
    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        callers.Resolve(context).RequireSecretariat("reads the audit trail");
        var violations = new FieldViolations();
        if (request.PageSize < 0) violations.Add("page_size", "must not be negative");
        long? before = null;
        if (request.PageToken.Length > 0)
        {
            if (long.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var token) && token > 0) before = token;
            else violations.Add("page_token", "is not a token returned by this method");
        }
        if (request.Caller.Length > 60) violations.Add("caller", "must be at most 60 characters");
        violations.ThrowIfAny();

        var audited = databases.FirstOrDefault(d => d.Service == request.Service);
        if (audited is null && remotes.Select(r => r.TryList(request, context)).FirstOrDefault(r => r is not null) is { } remote)
            return await remote;
        if (audited is null) throw Refusals.NotFound("services/" + (request.Service.Length > 100 ? request.Service[..100] : request.Service));
        var size = request.PageSize == 0 ? DefaultSize : Math.Min(request.PageSize, MaxSize);
        var rows = await AuditTrail.ListAsync(audited.Resolve(services), before, request.Caller.Length == 0 ? null : request.Caller, size + 1, context.CancellationToken);

        var response = new ListAuditRecordsResponse();
        response.AuditRecords.Add(rows.Take(size).Select(r => new AuditRecord
        {
            Sequence = r.Id,
            Time = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(r.OccurredAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)),
            Caller = r.Caller,
            Method = r.Method,
            Resource = r.Resource,
            Outcome = r.Outcome,
            Reason = r.Reason,
            TraceId = r.TraceId,
        }));
        if (rows.Count > size) response.NextPageToken = rows[size - 1].Id.ToString(CultureInfo.InvariantCulture);
        return response;
    }
}

/// <summary>Maps AuditTrailService (once per host, for every service it carries).</summary>
public static class AuditTrailEndpoints
{
    /// <summary>Serves cica.audit.v1.AuditTrailService.</summary>
    public static WebApplication MapAuditTrail(this WebApplication app)
    {
        app.MapGrpcService<AuditTrailGrpcService>();
        return app;
    }
}
