using Cica.Contracts.ConceptPapers.V1;

namespace Cica.ConceptPapers.Papers;

/// <summary>
/// Two revisions compared in one language, section by section: sections are matched by heading (the
/// n-th section of a heading with the n-th of the same heading), blocks compared as they stand.
/// </summary>
public static class RevisionDiff
{
    /// <summary>The difference from <paramref name="before"/> to <paramref name="after"/> (either may be null: no version in the language).</summary>
    public static DiffRevisionsResponse Compare(string language, LanguageVersion? before, LanguageVersion? after)
    {
        var response = new DiffRevisionsResponse { Language = language, TitleChanged = (before?.Title ?? "") != (after?.Title ?? "") };
        var old = Keyed(before);
        var @new = Keyed(after);
        foreach (var (key, section) in @new)
        {
            if (!old.TryGetValue(key, out var previous))
            {
                response.Sections.Add(new SectionDiff { Heading = section.Heading, Change = SectionChange.Added, AddedBlocks = { section.Blocks } });
                continue;
            }
            var removed = Without(previous.Blocks, section.Blocks);
            var added = Without(section.Blocks, previous.Blocks);
            var reordered = removed.Count == 0 && added.Count == 0 && !previous.Blocks.SequenceEqual(section.Blocks);
            response.Sections.Add(new SectionDiff
            {
                Heading = section.Heading,
                Change = removed.Count == 0 && added.Count == 0 && !reordered ? SectionChange.Unchanged : SectionChange.Modified,
                RemovedBlocks = { removed },
                AddedBlocks = { added },
            });
        }
        foreach (var (key, section) in old)
            if (!@new.ContainsKey(key))
                response.Sections.Add(new SectionDiff { Heading = section.Heading, Change = SectionChange.Removed, RemovedBlocks = { section.Blocks } });
        return response;
    }

    // Sections in order, keyed by heading and occurrence.
    private static List<KeyValuePair<(string, int), Section>> KeyedList(LanguageVersion? version)
    {
        var count = new Dictionary<string, int>(StringComparer.Ordinal);
        var list = new List<KeyValuePair<(string, int), Section>>();
        foreach (var section in version?.Body?.Sections ?? [])
        {
            var n = count.GetValueOrDefault(section.Heading);
            count[section.Heading] = n + 1;
            list.Add(new((section.Heading, n), section));
        }
        return list;
    }

    private static OrderedSections Keyed(LanguageVersion? version) => new(KeyedList(version));

    // Blocks of a not matched by an equal block of b (as a multiset).
    private static List<Block> Without(IEnumerable<Block> a, IEnumerable<Block> b)
    {
        var remaining = b.ToList();
        var result = new List<Block>();
        foreach (var block in a)
        {
            var i = remaining.FindIndex(x => x.Equals(block));
            if (i >= 0) remaining.RemoveAt(i);
            else result.Add(block);
        }
        return result;
    }

    private sealed class OrderedSections(List<KeyValuePair<(string, int), Section>> items) : IEnumerable<KeyValuePair<(string, int), Section>>
    {
        private readonly Dictionary<(string, int), Section> _byKey = items.ToDictionary(i => i.Key, i => i.Value);

        public bool TryGetValue((string, int) key, out Section section) => _byKey.TryGetValue(key, out section!);

        public bool ContainsKey((string, int) key) => _byKey.ContainsKey(key);

        public IEnumerator<KeyValuePair<(string, int), Section>> GetEnumerator() => items.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
