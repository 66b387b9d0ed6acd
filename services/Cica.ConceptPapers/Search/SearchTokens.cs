using System.Globalization;
using System.Text;

namespace Cica.ConceptPapers.Search;

/// <summary>
/// Words of a passage as the SQLite index sees them (FTS5's unicode61 tokenizer with
/// remove_diacritics 2), closely enough to count them: a word is a run of letters and digits, folded
/// to lower case, with the diacritics of Latin letters removed ("Sécurité" is "securite"); Cyrillic
/// and Kazakh letters are kept as they are. Used to rank passages the index has already matched,
/// never to decide whether one matches.
/// </summary>
public static class SearchTokens
{
    // Latin letters with diacritics (Latin-1 Supplement and Latin Extended-A/B), folded once.
    private const int LatinEnd = 0x250;
    private static readonly char[] LatinFold = BuildLatinFold();

    /// <summary>The folded form of one character.</summary>
    public static char Fold(char c)
    {
        if (c < 0x80) return c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        return c < LatinEnd ? LatinFold[c] : char.ToLowerInvariant(c);
    }

    /// <summary>The folded form of a word.</summary>
    public static string Fold(string word) => string.Create(word.Length, word, (span, w) =>
    {
        for (var i = 0; i < w.Length; i++) span[i] = Fold(w[i]);
    });

    /// <summary>
    /// Lists the words of <paramref name="text"/> as (start, length) ranges in <paramref name="words"/>
    /// (cleared first; reused from passage to passage).
    /// </summary>
    public static void Split(string text, List<(int Start, int Length)> words)
    {
        words.Clear();
        var start = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsLetterOrDigit(text[i]))
            {
                if (start < 0) start = i;
            }
            else if (start >= 0)
            {
                words.Add((start, i - start));
                start = -1;
            }
        }
        if (start >= 0) words.Add((start, text.Length - start));
    }

    /// <summary>Whether the word of <paramref name="text"/> at <paramref name="word"/> folds to <paramref name="folded"/>.</summary>
    public static bool Is(string text, (int Start, int Length) word, string folded)
    {
        if (word.Length != folded.Length) return false;
        for (var j = 0; j < folded.Length; j++)
            if (Fold(text[word.Start + j]) != folded[j]) return false;
        return true;
    }

    private static char[] BuildLatinFold()
    {
        var fold = new char[LatinEnd];
        for (var c = 0; c < LatinEnd; c++)
        {
            var lower = char.ToLowerInvariant((char)c);
            var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
            // The base letter when the rest is only combining marks (é → e), the letter itself otherwise (ß, ø).
            fold[c] = decomposed.Length > 1 && decomposed.Skip(1).All(m => CharUnicodeInfo.GetUnicodeCategory(m) == UnicodeCategory.NonSpacingMark)
                ? decomposed[0]
                : lower;
        }
        return fold;
    }
}
