using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Cica.Gateway.Feed;

/// <summary>
/// What an event is about, found by the contracts' own field names so that events of services added
/// later are filtered without code here: the country is the first <c>country_code</c> (the event's
/// own before those of its nested messages, in field order); the priority area is the first
/// <c>priority_area</c> field (a resource name, or a PriorityArea message's <c>name</c>).
/// </summary>
public static class EventSubjects
{
    /// <summary>The country code and priority area of <paramref name="message"/> (null when it names none).</summary>
    public static (string? CountryCode, string? PriorityArea) Of(IMessage message) =>
        (Find(message, "country_code"), Find(message, "priority_area"));

    private static string? Find(IMessage root, string fieldName)
    {
        var level = new List<IMessage> { root };
        for (var depth = 0; depth < 4 && level.Count > 0; depth++)
        {
            var next = new List<IMessage>();
            foreach (var message in level)
            {
                foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
                {
                    if (field.IsRepeated || field.IsMap) continue;
                    var value = field.Accessor.GetValue(message);
                    if (field.Name == fieldName)
                    {
                        if (field.FieldType == FieldType.String && value is string text && text.Length > 0) return text;
                        if (field.FieldType == FieldType.Message && value is IMessage nested
                            && nested.Descriptor.FindFieldByName("name") is { FieldType: FieldType.String } name
                            && name.Accessor.GetValue(nested) is string resource && resource.Length > 0)
                            return resource;
                    }
                    if (field.FieldType == FieldType.Message && value is IMessage child) next.Add(child);
                }
            }
            level = next;
        }
        return null;
    }
}
