using System.Diagnostics;

namespace Cica.ConceptPapers.Tests;

/// <summary>
/// A clock inside the seed's period (from 1 June 2023, noon in Astana, running at real pace), for
/// tests about the seed as the SOC approved it: under the real clock its 2022-2023 papers have
/// expired (see <see cref="ExpiryTests"/>). Azerbaijan coordinates the corridors area then, as now.
/// </summary>
public sealed class SeedPeriodClock : TimeProvider
{
    private static readonly DateTimeOffset Start = new(2023, 6, 1, 12, 0, 0, TimeSpan.FromHours(6));
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Start.ToUniversalTime() + Stopwatch.GetElapsedTime(_started);
}
