using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Cica.Security.Tests;

/// <summary>Random protobuf messages of any type (by descriptor), random bytes and mutations of valid encodings.</summary>
public sealed class RandomMessages(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Strings =
    [
        "", "KAZ", "XXX", "kaz", "memberStates/KAZ", "memberStates/", "priorityAreas/economic-8", "priorityAreas/new-challenges-and-threats-3",
        "accessionApplications/KWT-2022", "activities/1", "activities/-1", "SOC/DOC/1289", "status", "name,etag", "*",
        "' OR 1=1 --", "\"; DROP TABLE member_states; --", "../../etc/passwd", "\u0000", "ñ\u200b\uFEFF", "%s%n%x", "{limit}",
        "2022-10-13", "9999-99-99", "-1",
    ];

    /// <summary>One of the three kinds of case: random bytes, a random message, a mutated random message.</summary>
    public byte[] Case(MessageDescriptor type) => _random.Next(3) switch
    {
        0 => Bytes(_random.Next(0, 64)),
        1 => Message(type, 0).ToByteArray(),
        _ => Mutate(Message(type, 0).ToByteArray()),
    };

    /// <summary>A message of <paramref name="type"/> with random values in random fields.</summary>
    public IMessage Message(MessageDescriptor type, int depth)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        foreach (var field in type.Fields.InDeclarationOrder())
        {
            if (field.IsMap || _random.Next(3) == 0) continue;
            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                for (var i = _random.Next(0, 4); i > 0; i--)
                    if (Value(field, depth) is { } item) list.Add(item);
            }
            else if (Value(field, depth) is { } value)
            {
                field.Accessor.SetValue(message, value);
            }
        }
        return message;
    }

    private object? Value(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => String(),
        FieldType.Bool => _random.Next(2) == 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Int(),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (long)Int() * (_random.Next(2) == 0 ? 1 : 1_000_000_007L),
        FieldType.UInt32 or FieldType.Fixed32 => (uint)Int(),
        FieldType.UInt64 or FieldType.Fixed64 => (ulong)(uint)Int(),
        FieldType.Double => Pick(double.NaN, double.PositiveInfinity, -1.0, 0.0, 1e308),
        FieldType.Float => Pick(float.NaN, float.NegativeInfinity, 1.5f),
        FieldType.Bytes => ByteString.CopyFrom(Bytes(_random.Next(0, 16))),
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, Pick(-1, 0, 1, 2, 3, 4, 5, 99, int.MaxValue, int.MinValue)),
        FieldType.Message when depth < 4 => Message(field.MessageType, depth + 1),
        _ => null,
    };

    private string String() => _random.Next(8) switch
    {
        0 => new string((char)_random.Next('A', 'z'), _random.Next(100, 3000)),
        1 => new string(Enumerable.Range(0, _random.Next(1, 40)).Select(_ => (char)_random.Next(0x20, 0x3000)).ToArray()),
        _ => Strings[_random.Next(Strings.Length)],
    };

    private int Int() => Pick(0, 1, -1, 2, 12, 13, 31, 32, 100, 101, 1000, 2022, 2023, 9999, int.MaxValue, int.MinValue, _random.Next());

    private T Pick<T>(params T[] values) => values[_random.Next(values.Length)];

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    // Flip a byte, cut the tail, or insert junk: mostly unparseable, sometimes parseable with odd values.
    private byte[] Mutate(byte[] valid)
    {
        var bytes = valid.ToList();
        for (var n = _random.Next(1, 4); n > 0; n--)
        {
            switch (_random.Next(3))
            {
                case 0 when bytes.Count > 0: bytes[_random.Next(bytes.Count)] = (byte)_random.Next(256); break;
                case 1 when bytes.Count > 0: bytes.RemoveRange(_random.Next(bytes.Count), bytes.Count - _random.Next(bytes.Count) > 0 ? 1 : 0); bytes = bytes.Take(_random.Next(bytes.Count + 1)).ToList(); break;
                default: bytes.InsertRange(_random.Next(bytes.Count + 1), Bytes(_random.Next(1, 8))); break;
            }
        }
        return [.. bytes];
    }
}
