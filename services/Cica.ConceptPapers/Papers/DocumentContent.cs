using Cica.Contracts.ConceptPapers.V1;
using Cica.Domain.Errors;

namespace Cica.ConceptPapers.Papers;

/// <summary>
/// The shape of a revision's text, checked before anything is read or written: languages, titles,
/// structure and size. Limits are per language version.
/// </summary>
public static class DocumentContent
{
    /// <summary>The CICA languages a version may be in.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "ru", "kk"];

    /// <summary>Longest title, in characters.</summary>
    public const int MaxTitleLength = 1000;

    /// <summary>
    /// Most characters of one language version's body (headings, labels and texts together): 200,000,
    /// about 30,000 words, several times the longest CICA concept paper.
    /// </summary>
    public const int MaxBodyCharacters = 200_000;

    /// <summary>Most sections of a body.</summary>
    public const int MaxSections = 200;

    /// <summary>Most blocks of a section.</summary>
    public const int MaxBlocksPerSection = 500;

    /// <summary>Null when <paramref name="language"/> is a CICA language tag, otherwise why not.</summary>
    public static string? LanguageProblem(string language) =>
        Languages.Contains(language, StringComparer.Ordinal) ? null : $"'{language}' is not a CICA language tag: use en, ru or kk";

    /// <summary>Adds every problem of <paramref name="content"/> (at <paramref name="field"/>) to <paramref name="violations"/>.</summary>
    public static void Validate(FieldViolations violations, string field, RevisionContent? content)
    {
        if (content is null || content.Versions.Count == 0)
        {
            violations.Add(field + ".versions", "is required: at least one language version");
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < content.Versions.Count; i++)
        {
            var version = content.Versions[i];
            var at = $"{field}.versions[{i}]";
            if (LanguageProblem(version.Language) is { } problem) violations.Add(at + ".language", problem);
            else if (!seen.Add(version.Language)) violations.Add(at + ".language", $"'{version.Language}' is given twice: one version per language");
            if (string.IsNullOrWhiteSpace(version.Title)) violations.Add(at + ".title", "is required");
            else if (version.Title.Length > MaxTitleLength) violations.Add(at + ".title", $"must be at most {MaxTitleLength} characters");
            ValidateBody(violations, at + ".body", version.Body);
        }
        if (content.AuthoritativeLanguage.Length == 0)
            violations.Add(field + ".authoritative_language", "is required: the language of the authoritative version");
        else if (LanguageProblem(content.AuthoritativeLanguage) is { } problem)
            violations.Add(field + ".authoritative_language", problem);
        else if (!seen.Contains(content.AuthoritativeLanguage))
            violations.Add(field + ".authoritative_language", $"'{content.AuthoritativeLanguage}' has no version in this revision");
    }

    private static void ValidateBody(FieldViolations violations, string field, Body? body)
    {
        if (body is null) return;
        if (body.Sections.Count > MaxSections) violations.Add(field + ".sections", $"must be at most {MaxSections}");
        var characters = 0L;
        for (var s = 0; s < body.Sections.Count; s++)
        {
            var section = body.Sections[s];
            var at = $"{field}.sections[{s}]";
            characters += section.Heading.Length;
            if (section.Blocks.Count > MaxBlocksPerSection) violations.Add(at + ".blocks", $"must be at most {MaxBlocksPerSection}");
            for (var b = 0; b < section.Blocks.Count; b++)
            {
                var block = section.Blocks[b];
                var blockAt = $"{at}.blocks[{b}]";
                characters += block.Label.Length + block.Text.Length;
                ValidateBlock(violations, blockAt, block);
            }
        }
        if (characters > MaxBodyCharacters)
            violations.Add(field, $"is {characters} characters long; a language version's body may have at most {MaxBodyCharacters}");
    }

    private static void ValidateBlock(FieldViolations violations, string at, Block block)
    {
        if (block.Kind == BlockKind.Unspecified || !Enum.IsDefined(block.Kind)) violations.Add(at + ".kind", "is required");
        if (string.IsNullOrWhiteSpace(block.Text)) violations.Add(at + ".text", "is required");
        if (block.Label.Length > 20) violations.Add(at + ".label", "must be at most 20 characters");
        if (block.Kind is BlockKind.NumberedItem or BlockKind.LetteredItem && block.Label.Length == 0)
            violations.Add(at + ".label", "is required for a numbered or lettered item (e.g. \"1.\", \"a)\")");
        if (block.Kind == BlockKind.ProposedInitiative)
        {
            if (block.Initiative is null) violations.Add(at + ".initiative", "is required for a proposed initiative");
            else
            {
                if (block.Initiative.Year != 0 && (block.Initiative.Year < 1992 || block.Initiative.Year > 2200))
                    violations.Add(at + ".initiative.year", "must be 0 (none given) or a year from 1992");
                if (block.Initiative.Kind == InitiativeKind.Unspecified || !Enum.IsDefined(block.Initiative.Kind))
                    violations.Add(at + ".initiative.kind", "is required");
                if (!Enum.IsDefined(block.Initiative.Status))
                    violations.Add(at + ".initiative.status", "is not an initiative status");
                for (var a = 0; a < block.Initiative.Activities.Count; a++)
                    if (!Storage.ResourceNames.IsActivity(block.Initiative.Activities[a]))
                        violations.Add($"{at}.initiative.activities[{a}]", $"'{block.Initiative.Activities[a]}' is not an activity name such as activities/1");
            }
        }
        else if (block.Initiative is not null)
            violations.Add(at + ".initiative", "is only for blocks of kind PROPOSED_INITIATIVE");
    }

    /// <summary>",en,ru," for the versions' languages, in the CICA order.</summary>
    public static string LanguageList(IEnumerable<LanguageVersion> versions)
    {
        var present = versions.Select(v => v.Language).ToHashSet(StringComparer.Ordinal);
        return "," + string.Concat(Languages.Where(present.Contains).Select(l => l + ","));
    }

    /// <summary>The title in <paramref name="language"/>, or "" without a version in it.</summary>
    public static string Title(IEnumerable<LanguageVersion> versions, string language) =>
        versions.FirstOrDefault(v => v.Language == language)?.Title ?? "";
}
