using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Contracts.ConceptPapers.V1;

namespace Cica.ConceptPapers.Tests;

/// <summary>Documents, texts and decisions as tests write them.</summary>
public static class Papers
{
    /// <summary>A full date.</summary>
    public static CalendarDate Day(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    /// <summary>A decision of the SOC on a day.</summary>
    public static DecisionReference Soc(int year, int month, int day, int item = 1) => new()
    {
        Body = DecisionBody.SeniorOfficialsCommittee,
        Meeting = "SOC meeting, Astana",
        Date = Day(year, month, day),
        Item = item,
        Document = new DocumentSymbol { Value = "SOC/DOC/1400" },
    };

    /// <summary>A language version with one section of paragraphs.</summary>
    public static LanguageVersion Version(string language, string title, string heading, params string[] paragraphs) => new()
    {
        Language = language,
        Title = title,
        Body = new Body
        {
            Sections = { new Section { Heading = heading, Blocks = { paragraphs.Select(p => new Block { Kind = BlockKind.Paragraph, Text = p }) } } },
        },
    };

    /// <summary>An English text (authoritative) and, if given, a Russian one.</summary>
    public static RevisionContent Content(string title, string paragraph, string? russianTitle = null, string? russianParagraph = null)
    {
        var content = new RevisionContent { Versions = { Version("en", title, "I. Objectives", paragraph) }, AuthoritativeLanguage = "en" };
        if (russianTitle is not null) content.Versions.Add(Version("ru", russianTitle, "I. Цели", russianParagraph ?? "Текст."));
        return content;
    }

    /// <summary>A draft concept paper of an area for 2024-2025.</summary>
    public static CreatePolicyDocumentRequest Draft(string area, string title = "Concept Paper on Trade Facilitation", string paragraph = "Exchange of best practices.") => new()
    {
        Kind = PolicyDocumentKind.ConceptPaper,
        PriorityArea = area,
        Period = new Period { Start = new CalendarDate { Year = 2024 }, End = new CalendarDate { Year = 2025 } },
        Content = Content(title, paragraph),
    };

    /// <summary>An assignment as CBM Coordination announces it.</summary>
    public static CoordinatorAssignment Assignment(int id, string areaId, string country, CalendarDate from, CalendarDate? until = null) => new()
    {
        Name = $"coordinatorAssignments/{id}",
        PriorityArea = "priorityAreas/" + areaId,
        CountryCode = country,
        Role = CoordinatorRole.Coordinator,
        EffectiveFrom = from,
        EffectiveUntil = until,
    };
}
