using Cica.Chairmanship.Meetings;
using Cica.Contracts.Chairmanship.V1;

namespace Cica.Chairmanship.Tests.Rules;

/// <summary>The changes of status a meeting may go through.</summary>
public sealed class MeetingStatusTests
{
    [Theory]
    [InlineData(MeetingStatus.Planned, MeetingStatus.Held, true)]
    [InlineData(MeetingStatus.Held, MeetingStatus.Suspended, true)]
    [InlineData(MeetingStatus.Suspended, MeetingStatus.Resumed, true)]
    [InlineData(MeetingStatus.Resumed, MeetingStatus.Suspended, true)]
    [InlineData(MeetingStatus.Planned, MeetingStatus.Postponed, true)]
    [InlineData(MeetingStatus.Postponed, MeetingStatus.Planned, true)]
    [InlineData(MeetingStatus.Planned, MeetingStatus.Resumed, false)]
    [InlineData(MeetingStatus.Cancelled, MeetingStatus.Planned, false)]
    [InlineData(MeetingStatus.Held, MeetingStatus.Planned, false)]
    public void A_meeting_changes_status_only_along_its_lifecycle(MeetingStatus from, MeetingStatus to, bool allowed) =>
        Assert.Equal(allowed, MeetingCalendar.CanChange(from, to));
}
