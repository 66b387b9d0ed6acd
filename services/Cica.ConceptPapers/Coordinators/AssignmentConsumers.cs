using Cica.ConceptPapers.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.Messaging.Inbox;
using Cica.Persistence;

namespace Cica.ConceptPapers.Coordinators;

/// <summary>
/// CBM Coordination announced an assignment: the country coordinates the area from effective_from
/// to effective_until (its term's end, if any). The read model fills from the schema on, before and
/// independently of this service's seed.
/// </summary>
public sealed class CoordinatorAssignmentStartedConsumer(ConceptPapersDatabase database, TimeProvider clock)
    : InboxConsumer<ConceptPapersDatabase, CoordinatorAssignmentStarted>(database)
{
    /// <summary>The service's queue of these events.</summary>
    public const string QueueName = "concept-papers-coordinator-assignment-started";

    /// <inheritdoc />
    protected override string ConsumerName => QueueName;

    /// <inheritdoc />
    protected override bool NeedsSeed => false;

    /// <inheritdoc />
    protected override Task HandleAsync(CoordinatorAssignmentStarted message, UnitOfWork uow, CancellationToken ct) =>
        CoordinatorTerms.RecordAssignmentAsync(uow, message.Assignment ?? throw new InvalidDataException("CoordinatorAssignmentStarted without an assignment."),
            isEnd: false, clock.GetUtcNow(), ct);
}

/// <summary>CBM Coordination ended an assignment before its term: its last day is now effective_until.</summary>
public sealed class CoordinatorAssignmentEndedConsumer(ConceptPapersDatabase database, TimeProvider clock)
    : InboxConsumer<ConceptPapersDatabase, CoordinatorAssignmentEnded>(database)
{
    /// <summary>The service's queue of these events.</summary>
    public const string QueueName = "concept-papers-coordinator-assignment-ended";

    /// <inheritdoc />
    protected override string ConsumerName => QueueName;

    /// <inheritdoc />
    protected override bool NeedsSeed => false;

    /// <inheritdoc />
    protected override Task HandleAsync(CoordinatorAssignmentEnded message, UnitOfWork uow, CancellationToken ct)
    {
        var assignment = message.Assignment?.Clone() ?? throw new InvalidDataException("CoordinatorAssignmentEnded without an assignment.");
        assignment.EffectiveUntil ??= message.EndedOn;
        return CoordinatorTerms.RecordAssignmentAsync(uow, assignment, isEnd: true, clock.GetUtcNow(), ct);
    }
}

/// <summary>CBM Coordination defined a priority area: documents may now name it.</summary>
public sealed class PriorityAreaCreatedConsumer(ConceptPapersDatabase database, TimeProvider clock)
    : InboxConsumer<ConceptPapersDatabase, PriorityAreaCreated>(database)
{
    /// <summary>The service's queue of these events.</summary>
    public const string QueueName = "concept-papers-priority-area-created";

    /// <inheritdoc />
    protected override string ConsumerName => QueueName;

    /// <inheritdoc />
    protected override bool NeedsSeed => false;

    /// <inheritdoc />
    protected override Task HandleAsync(PriorityAreaCreated message, UnitOfWork uow, CancellationToken ct)
    {
        var area = message.PriorityArea ?? throw new InvalidDataException("PriorityAreaCreated without a priority area.");
        var areaId = ResourceNames.AreaIdOf(area.Name) ?? throw new InvalidDataException($"PriorityAreaCreated names no valid area ('{area.Name}').");
        return CoordinatorTerms.RecordAreaAsync(uow, areaId, area.Title?.En ?? "", clock.GetUtcNow(), ct);
    }
}
