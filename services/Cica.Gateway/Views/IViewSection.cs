using Cica.Contracts.Common.V1;
using Cica.Gateway.Downstream;
using Google.Protobuf;

namespace Cica.Gateway.Views;

/// <summary>
/// What one downstream service contributes to one view: it fetches its part (in parallel with the
/// other services' parts) and says which sections of the view are its own. A view is the sum of
/// its sections; a service landing later adds its sections by implementing this once per view.
/// </summary>
/// <typeparam name="TQuery">What the view is asked for (a country, an area, a meeting).</typeparam>
/// <typeparam name="TView">The view message.</typeparam>
public interface IViewSection<in TQuery, TView> where TView : IMessage
{
    /// <summary>The service that fills the sections.</summary>
    DownstreamService Service { get; }

    /// <summary>
    /// Fetches the service's part; returns what to write into the view (applied only if it came in
    /// time). Throws <see cref="SectionMissingException"/> when the part cannot be had.
    /// </summary>
    Task<Action<TView>> FetchAsync(TQuery query, CancellationToken ct);

    /// <summary>Sets the status of every section of the view this service fills.</summary>
    void SetStatus(TView view, Contracts.Gateway.V1.SectionStatus status);
}

/// <summary>A country dossier's query: the country, and today in Astana.</summary>
public sealed record CountryQuery(string CountryCode, CalendarDate Today);

/// <summary>A priority-area overview's query.</summary>
public sealed record PriorityAreaQuery(string Name, CalendarDate Today);

/// <summary>A meeting outcome's query: the meeting as decision records name it.</summary>
public sealed record MeetingQuery(string Meeting);
