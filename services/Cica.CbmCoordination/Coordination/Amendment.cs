using Cica.Contracts.Common.V1;

namespace Cica.CbmCoordination.Coordination;

/// <summary>
/// A decision amending the list of coordinating countries, as applied: new assignments start on
/// <see cref="EffectiveOn"/>, ended ones end the day before.
/// </summary>
public sealed record Amendment(DecisionReference Decision, DateOnly EffectiveOn, Actor Actor, DateTimeOffset Now)
{
    /// <summary>The last day of an assignment this amendment ends.</summary>
    public DateOnly LastDayOfEnded => EffectiveOn.AddDays(-1);
}
