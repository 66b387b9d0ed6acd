using System.Reflection;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Gateway.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Cica.Portal;

/// <summary>
/// What a feed event says, for people: a one-line summary (the first title or resource name it
/// carries) and the whole event as JSON. The event types are found in the contracts, so events of
/// services added later are shown without code here.
/// </summary>
public static class EventText
{
    private static readonly TypeRegistry Registry = TypeRegistry.FromFiles(typeof(LocalizedText).Assembly.GetTypes()
        .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal))
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
        .OfType<FileDescriptor>()
        .ToArray());

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithTypeRegistry(Registry).WithIndentation());

    /// <summary>The event type without its package ("ActivityReported").</summary>
    public static string ShortType(FeedEvent e) => e.EventType[(e.EventType.LastIndexOf('.') + 1)..];

    /// <summary>The summary and the JSON of the event (the JSON is empty when its type is unknown here).</summary>
    public static (string Summary, string Json) Describe(FeedEvent e, Func<LocalizedText, string> text)
    {
        if (Registry.Find(e.EventType) is not { } descriptor || e.Event is null) return ("", "");
        IMessage message;
        try { message = descriptor.Parser.ParseFrom(e.Event.Value); }
        catch (InvalidProtocolBufferException) { return ("", ""); }
        return (Find(message, "title", text) ?? Find(message, "display_name", text) ?? Find(message, "name", text) ?? Find(message, "text", text) ?? "", Json.Format(message));
    }

    // The first field of that name (a string, or a LocalizedText), the message's own before its nested ones'.
    private static string? Find(IMessage root, string fieldName, Func<LocalizedText, string> text)
    {
        var level = new List<IMessage> { root };
        for (var depth = 0; depth < 4 && level.Count > 0; depth++)
        {
            var next = new List<IMessage>();
            foreach (var message in level)
                foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
                {
                    if (field.IsMap) continue;
                    var value = field.Accessor.GetValue(message);
                    if (field.IsRepeated)
                    {
                        if (field.FieldType == FieldType.Message && value is System.Collections.IEnumerable items) next.AddRange(items.OfType<IMessage>());
                        continue;
                    }
                    if (field.Name == fieldName)
                    {
                        if (value is string s && s.Length > 0) return s;
                        if (value is LocalizedText t && text(t) is { Length: > 0 } l) return l;
                    }
                    if (field.FieldType == FieldType.Message && value is IMessage child) next.Add(child);
                }
            level = next;
        }
        return null;
    }
}
