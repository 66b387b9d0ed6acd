using Google.Protobuf;
using Microsoft.Extensions.Configuration;

namespace Cica.Messaging.Trust;

/// <summary>
/// Who may publish which event on RabbitMQ: an event belongs to the service that owns its protobuf
/// package (cica.membership.v1 → membership), or, for an answer that names its owner (a string field
/// <c>owner_service</c>, as in cica.common.v1.EffectApplied), to the service it names. A service
/// publishes as the broker user <c>cica-{service}</c> (or <c>Messaging:Publishers:{service}</c>);
/// a process also trusts its own broker user for the services it carries, because it published those
/// events itself over that connection. An event re-driven from an _error queue arrives from the
/// operator's user (<c>Messaging:Operators</c>, comma-separated; none by default) with the user that
/// first published it in the header cica-published-by (<see cref="ErrorQueueMove"/>): it is accepted
/// when that user owns it, the operator vouching for the header. Anything else is forged.
/// </summary>
public sealed class EventOwnership
{
    /// <summary>Configuration section naming a service's broker user when it is not cica-{service}.</summary>
    public const string PublishersSection = "Messaging:Publishers";

    /// <summary>Configuration key of the broker users that re-drive _error queues (comma-separated).</summary>
    public const string OperatorsKey = "Messaging:Operators";

    private const string OwnerField = "owner_service";

    private readonly IReadOnlyDictionary<string, string> _packageOwners;
    private readonly IReadOnlyDictionary<string, string> _publishers;
    private readonly IReadOnlySet<string> _carried;
    private readonly IReadOnlySet<string> _operators;

    /// <param name="packageOwners">protobuf package → service (from the platform's catalog).</param>
    /// <param name="carried">The services this process carries.</param>
    /// <param name="publishers">Service → its broker user, where not cica-{service}.</param>
    /// <param name="operators">Broker users whose re-drives are trusted.</param>
    public EventOwnership(IReadOnlyDictionary<string, string> packageOwners, IEnumerable<string> carried,
        IReadOnlyDictionary<string, string>? publishers = null, IEnumerable<string>? operators = null)
    {
        _packageOwners = packageOwners;
        _carried = new HashSet<string>(carried, StringComparer.OrdinalIgnoreCase);
        _publishers = publishers ?? new Dictionary<string, string>();
        _operators = new HashSet<string>(operators ?? [], StringComparer.Ordinal);
    }

    /// <summary>The ownership with the publishers named in <c>Messaging:Publishers</c> (service → broker user).</summary>
    public static EventOwnership FromConfiguration(IConfiguration configuration, IReadOnlyDictionary<string, string> packageOwners, IEnumerable<string> carried) =>
        new(packageOwners, carried, configuration.GetSection(PublishersSection).GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase),
            (configuration[OperatorsKey] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The service that owns <paramref name="message"/>, or null if none does.</summary>
    public string? OwnerOf(IMessage message)
    {
        var descriptor = message.Descriptor;
        if (descriptor.FindFieldByName(OwnerField) is { FieldType: Google.Protobuf.Reflection.FieldType.String } field)
            return field.Accessor.GetValue(message) is string { Length: > 0 } named ? named : null;
        return _packageOwners.TryGetValue(descriptor.File.Package, out var owner) ? owner : null;
    }

    /// <summary>The broker user that publishes <paramref name="service"/>'s events.</summary>
    public string PublisherOf(string service) => _publishers.TryGetValue(service, out var user) ? user : "cica-" + service;

    /// <summary>
    /// Whether <paramref name="userId"/> (the broker-validated user_id of the delivery) may have
    /// published <paramref name="message"/>; <paramref name="ownUser"/> is this process's broker user,
    /// <paramref name="publishedBy"/> the cica-published-by header of a re-driven message.
    /// </summary>
    public bool Accepts(IMessage message, string? userId, string ownUser, string? publishedBy, out string? owner)
    {
        owner = OwnerOf(message);
        if (owner is null || string.IsNullOrEmpty(userId)) return false;
        if (Publishes(owner, userId, ownUser)) return true;
        return _operators.Contains(userId) && publishedBy is { Length: > 0 } && Publishes(owner, publishedBy, ownUser);
    }

    private bool Publishes(string owner, string user, string ownUser) =>
        user == PublisherOf(owner) || (user == ownUser && _carried.Contains(owner));
}
