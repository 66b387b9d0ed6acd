using Cica.ConceptPapers.Papers;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Domain.Errors;

namespace Cica.ConceptPapers.Tests.Rules;

/// <summary>The shape of a revision's text: languages, titles, structure, size.</summary>
public sealed class ContentRulesTests
{
    private static IReadOnlyList<string> Fields(RevisionContent content)
    {
        var violations = new FieldViolations();
        DocumentContent.Validate(violations, "content", content);
        try
        {
            violations.ThrowIfAny();
            return [];
        }
        catch (InvalidRequestException ex)
        {
            return [.. ex.Violations.Select(v => v.Field)];
        }
    }

    [Fact]
    public void A_well_formed_text_has_no_violation() => Assert.Empty(Fields(Papers.Content("Title", "Text.", "Название", "Текст.")));

    [Fact]
    public void An_empty_title_is_refused() =>
        Assert.Equal(["content.versions[0].title"], Fields(Papers.Content(" ", "Text.")));

    [Fact]
    public void A_language_other_than_en_ru_kk_is_refused_and_the_authoritative_one_must_be_present()
    {
        var content = Papers.Content("Title", "Text.");
        content.Versions[0].Language = "fr";
        Assert.Equal(["content.versions[0].language", "content.authoritative_language"], Fields(content));
        content.Versions[0].Language = "EN";
        Assert.Contains("content.versions[0].language", Fields(content));
    }

    [Fact]
    public void One_version_per_language()
    {
        var content = Papers.Content("Title", "Text.");
        content.Versions.Add(Papers.Version("en", "Again", "", "Text."));
        Assert.Equal(["content.versions[1].language"], Fields(content));
    }

    [Fact]
    public void A_body_over_the_limit_is_refused()
    {
        var content = Papers.Content("Title", new string('x', DocumentContent.MaxBodyCharacters));
        Assert.Equal(["content.versions[0].body"], Fields(content));
        Assert.Empty(Fields(Papers.Content("Title", new string('x', DocumentContent.MaxBodyCharacters - 20))));
    }

    [Fact]
    public void Items_need_their_labels_and_initiatives_their_details()
    {
        var content = Papers.Content("Title", "Text.");
        content.Versions[0].Body.Sections[0].Blocks.Add(new Block { Kind = BlockKind.NumberedItem, Text = "Unnumbered" });
        content.Versions[0].Body.Sections[0].Blocks.Add(new Block { Kind = BlockKind.ProposedInitiative, Text = "Workshop" });
        content.Versions[0].Body.Sections[0].Blocks.Add(new Block
        {
            Kind = BlockKind.ProposedInitiative, Text = "Workshop",
            Initiative = new ProposedInitiative { Year = 22, Kind = InitiativeKind.Workshop, Activities = { "activity/1" } },
        });
        Assert.Equal([
            "content.versions[0].body.sections[0].blocks[1].label",
            "content.versions[0].body.sections[0].blocks[2].initiative",
            "content.versions[0].body.sections[0].blocks[3].initiative.year",
            "content.versions[0].body.sections[0].blocks[3].initiative.activities[0]",
        ], Fields(content));
    }

    [Fact]
    public void Two_revisions_compare_section_by_section()
    {
        var before = Papers.Version("en", "T", "I. Objectives", "Keep.", "Drop.");
        before.Body.Sections.Add(new Section { Heading = "II. Principles", Blocks = { new Block { Kind = BlockKind.Paragraph, Text = "Consensus." } } });
        var after = Papers.Version("en", "T2", "I. Objectives", "Keep.", "New.");
        after.Body.Sections.Add(new Section { Heading = "III. Approaches", Blocks = { new Block { Kind = BlockKind.Paragraph, Text = "Step by step." } } });

        var diff = RevisionDiff.Compare("en", before, after);

        Assert.True(diff.TitleChanged);
        Assert.Equal([("I. Objectives", SectionChange.Modified), ("III. Approaches", SectionChange.Added), ("II. Principles", SectionChange.Removed)],
            diff.Sections.Select(s => (s.Heading, s.Change)));
        Assert.Equal(["Drop."], diff.Sections[0].RemovedBlocks.Select(b => b.Text));
        Assert.Equal(["New."], diff.Sections[0].AddedBlocks.Select(b => b.Text));
        Assert.All(RevisionDiff.Compare("en", before, before).Sections, s => Assert.Equal(SectionChange.Unchanged, s.Change));
    }
}
