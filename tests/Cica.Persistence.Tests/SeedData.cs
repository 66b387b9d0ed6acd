using System.Text.Json;
using Cica.Testing;

namespace Cica.Persistence.Tests;

/// <summary>What deploy/seed/*.json says, for tests to check answers against the seed itself.</summary>
public static class SeedData
{
    private static readonly JsonElement Membership = Load("membership.json");
    private static readonly JsonElement Cbm = Load("cbm.json");

    /// <summary>Every seeded member state's code, in code order.</summary>
    public static IReadOnlyList<string> MemberStates => Codes(Membership.GetProperty("member_states"), _ => true);

    /// <summary>The codes of the member states that acceded in <paramref name="year"/>, in code order.</summary>
    public static IReadOnlyList<string> MemberStatesOf(int year) =>
        Codes(Membership.GetProperty("member_states"), m => m.GetProperty("accession_date").GetString()!.StartsWith($"{year}", StringComparison.Ordinal));

    /// <summary>Every seeded observer's id, in id order.</summary>
    public static IReadOnlyList<string> Observers =>
        [.. Membership.GetProperty("observers").EnumerateArray().Select(o => o.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>Every seeded accession application's id.</summary>
    public static IReadOnlyList<string> AccessionApplications =>
        [.. Membership.GetProperty("accession_applications").EnumerateArray().Select(a => a.GetProperty("id").GetString()!)];

    /// <summary>Every dimension's slug, in number order.</summary>
    public static IReadOnlyList<string> Dimensions =>
        [.. Cbm.GetProperty("dimensions").EnumerateArray().OrderBy(d => d.GetProperty("number").GetInt32()).Select(d => d.GetProperty("slug").GetString()!)];

    /// <summary>The priority areas' ids (slug, or slug-number) of one dimension, in list order.</summary>
    public static IReadOnlyList<string> AreasOf(string dimension) =>
        [.. Cbm.GetProperty("dimensions").EnumerateArray().Where(d => d.GetProperty("slug").GetString() == dimension)
            .SelectMany(d => d.GetProperty("priority_areas").EnumerateArray().Select(a => AreaId(dimension, a.GetProperty("number").GetInt32())))];

    /// <summary>(area id, country, "coordinators" or "co_coordinators") of every seeded assignment.</summary>
    public static IReadOnlyList<(string Area, string Country, string Role)> Assignments =>
    [
        .. from d in Cbm.GetProperty("dimensions").EnumerateArray()
           from a in d.GetProperty("priority_areas").EnumerateArray()
           from role in new[] { "coordinators", "co_coordinators" }
           where a.TryGetProperty(role, out _)
           from c in a.GetProperty(role).EnumerateArray()
           select (AreaId(d.GetProperty("slug").GetString()!, a.GetProperty("number").GetInt32()), c.GetProperty("country_code").GetString()!, role),
    ];

    /// <summary>The number of seeded activities.</summary>
    public static int ActivityCount => Cbm.GetProperty("activities").GetArrayLength();

    private static string AreaId(string slug, int number) => number == 0 ? slug : $"{slug}-{number}";

    private static List<string> Codes(JsonElement list, Func<JsonElement, bool> where) =>
        [.. list.EnumerateArray().Where(where).Select(m => m.GetProperty("country_code").GetString()!).Order(StringComparer.Ordinal)];

    private static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "deploy", "seed", file))).RootElement.Clone();
}
