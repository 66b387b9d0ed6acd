using System.Diagnostics;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Persistence;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Cica.ServiceKit.Audit;

/// <summary>One line of a service's audit trail.</summary>
public sealed record AuditRow(long Id, string OccurredAt, string Caller, string Method, string Resource, string Outcome, string Reason, string TraceId);

/// <summary>
/// The append-only audit trail (table <c>audit_records</c>, in every service database): appended by
/// <see cref="Writes.WritePipeline{TDatabase}"/> only, read by the Secretariat through AuditTrailService.
/// </summary>
public static class AuditTrail
{
    /// <summary>Longest resource name recorded (a longer one is cut, never refused for it).</summary>
    public const int MaxResource = 200;

    /// <summary>The outcome of a committed write.</summary>
    public const string Committed = "OK";

    /// <summary>Appends a record in <paramref name="uow"/> (the write's own transaction, or a small one of its own for a refusal).</summary>
    public static Task AppendAsync(UnitOfWork uow, DateTimeOffset now, Caller caller, string method, string resource, string outcome, string reason, CancellationToken ct) =>
        uow.ExecuteAsync("""
            INSERT INTO audit_records (occurred_at, caller, method, resource, outcome, reason, trace_id)
            VALUES (@occurredAt, @caller, @method, @resource, @outcome, @reason, @traceId)
            """, new
        {
            occurredAt = now.UtcDateTime.ToString("O"),
            caller = Cut(caller.ToString(), 60),
            method = Cut(method, 200),
            resource = Cut(resource, MaxResource),
            outcome,
            reason = Cut(reason, 100),
            traceId = Activity.Current?.TraceId.ToString() ?? "",
        }, ct);

    /// <summary>Records of <paramref name="database"/> older than <paramref name="before"/> (all when null), newest first.</summary>
    public static Task<IReadOnlyList<AuditRow>> ListAsync(Database database, long? before, string? caller, int limit, CancellationToken ct)
    {
        var where = new SqlWhere().AndIf(before is not null, "id < @before").AndIf(caller is not null, "caller = @caller");
        return database.QueryAsync<AuditRow>($$"""
            SELECT id AS Id, occurred_at AS OccurredAt, caller AS Caller, method AS Method, resource AS Resource,
                   outcome AS Outcome, reason AS Reason, trace_id AS TraceId
            FROM audit_records {{where}}
            ORDER BY id DESC {limit}
            """, new { before, caller, Limit = limit }, ct);
    }

    /// <summary>The status code a refusal becomes at the edge (as RpcErrors maps it), for the record.</summary>
    public static string OutcomeOf(DomainException refusal) => refusal switch
    {
        InvalidRequestException => "INVALID_ARGUMENT",
        ResourceNotFoundException => "NOT_FOUND",
        StaleEtagException => "ABORTED",
        DuplicateException => "ALREADY_EXISTS",
        NotPermittedException => "PERMISSION_DENIED",
        RuleViolationException => "FAILED_PRECONDITION",
        _ => "REFUSED",
    };

    /// <summary>
    /// The resource a write names: the request's <c>name</c>, else the <c>name</c> of its first
    /// message field (the resource it carries), else the same of the response (a created resource).
    /// </summary>
    public static string ResourceOf(IMessage request, IMessage? response = null) =>
        NameIn(request) ?? (response is null ? null : NameIn(response)) ?? "";

    private static string? NameIn(IMessage message)
    {
        if (StringField(message, "name") is { Length: > 0 } name) return name;
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
            if (field.FieldType == FieldType.Message && !field.IsRepeated && !field.IsMap
                && field.Accessor.GetValue(message) is IMessage inner && StringField(inner, "name") is { Length: > 0 } innerName)
                return innerName;
        return null;
    }

    private static string? StringField(IMessage message, string name) =>
        message.Descriptor.FindFieldByName(name) is { FieldType: FieldType.String, IsRepeated: false } field ? field.Accessor.GetValue(message) as string : null;

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
