using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Reports;

/// <summary>An agent's accepted part of a settled conversation, as an hour's entry keeps it.</summary>
public readonly record struct HourPart(long AgentId, string Kind, long AcceptedAt, long? EndedAt);

/// <summary>
/// One settled conversation in its hour's packed row: what volume, speed, service level, wrap-up and agents need of it. Mutable so a
/// long window's reader decodes every entry into one instance (a year is a million of them: none is kept unless a report copies it).
/// </summary>
public sealed class HourEntry
{
    public const long HourMs = 3_600_000;

    public HourEntry() { }

    public HourEntry(long id, long createdAt, bool answered, bool abandoned, bool transferred, bool wrappedUp, long? waitMs, long? firstResponseMs,
        long? handleMs, long? postProcessingMs, IEnumerable<long> reasons, IEnumerable<long> codes, IEnumerable<HourPart> parts)
    {
        (Id, CreatedAt, Answered, Abandoned, Transferred, WrappedUp) = (id, createdAt, answered, abandoned, transferred, wrappedUp);
        (WaitMs, FirstResponseMs, HandleMs, PostProcessingMs) = (waitMs, firstResponseMs, handleMs, postProcessingMs);
        Reasons.AddRange(reasons);
        Codes.AddRange(codes);
        Parts.AddRange(parts);
    }

    public long Id { get; set; }
    public long CreatedAt { get; set; }
    public bool Answered { get; set; }
    public bool Abandoned { get; set; }
    public bool Transferred { get; set; }
    public bool WrappedUp { get; set; }
    public long? WaitMs { get; set; }
    public long? FirstResponseMs { get; set; }
    public long? HandleMs { get; set; }
    public long? PostProcessingMs { get; set; }
    public List<long> Reasons { get; } = [];
    public List<long> Codes { get; } = [];
    public List<HourPart> Parts { get; } = [];

    public static HourEntry Of(ConversationFact f) =>
        new(f.Id, f.CreatedAt, f.Answered, f.Abandoned, f.Transferred, f.Reasons.Count > 0, f.WaitMs, f.FirstResponseMs, f.HandleMs,
            f.PostProcessingMs, f.Reasons.Select(r => r.Id), f.Codes.Select(c => c.Id),
            f.Parts.Select(p => new HourPart(p.AgentId, p.Kind, p.AcceptedAt, p.EndedAt)));

    public HourEntry Copy() =>
        new(Id, CreatedAt, Answered, Abandoned, Transferred, WrappedUp, WaitMs, FirstResponseMs, HandleMs, PostProcessingMs, Reasons, Codes, Parts);

    public bool AnsweredWithin(int thresholdSeconds) => Answered && WaitMs <= thresholdSeconds * 1000L;
}

/// <summary>
/// The packed form of an hour's entries: a version byte, the count, then per entry variable-length integers (zig-zag where a
/// value may be negative), times as offsets from the hour's start, a flag byte for the four outcomes and which durations exist.
/// </summary>
public static class HourEntries
{
    public const byte Version = 1;
    private const byte Answered = 1, Abandoned = 2, Transferred = 4, WrappedUp = 8, HasWait = 16, HasFirstResponse = 32, HasHandle = 64,
        HasPostProcessing = 128;
    private static readonly string[] Kinds = [ParticipationKind.Route, ParticipationKind.Transfer, ParticipationKind.Conference];
    private const byte OtherKind = 255;

    public static byte[] Encode(long hour, IReadOnlyCollection<HourEntry> entries)
    {
        var w = new Writer();
        w.Byte(Version);
        w.Unsigned((ulong)entries.Count);
        var start = hour * HourEntry.HourMs;
        foreach (var e in entries)
        {
            w.Unsigned((ulong)e.Id);
            w.Signed(e.CreatedAt - start);
            w.Byte((byte)((e.Answered ? Answered : 0) | (e.Abandoned ? Abandoned : 0) | (e.Transferred ? Transferred : 0)
                | (e.WrappedUp ? WrappedUp : 0) | (e.WaitMs is null ? 0 : HasWait) | (e.FirstResponseMs is null ? 0 : HasFirstResponse)
                | (e.HandleMs is null ? 0 : HasHandle) | (e.PostProcessingMs is null ? 0 : HasPostProcessing)));
            foreach (var d in new[] { e.WaitMs, e.FirstResponseMs, e.HandleMs, e.PostProcessingMs })
                if (d is { } ms) w.Signed(ms);
            foreach (var ids in new[] { e.Reasons, e.Codes })
            {
                w.Unsigned((ulong)ids.Count);
                foreach (var id in ids) w.Unsigned((ulong)id);
            }
            w.Unsigned((ulong)e.Parts.Count);
            foreach (var p in e.Parts)
            {
                w.Unsigned((ulong)p.AgentId);
                var kind = Array.IndexOf(Kinds, p.Kind);
                w.Byte(kind < 0 ? OtherKind : (byte)kind);
                if (kind < 0) w.Text(p.Kind);
                w.Signed(p.AcceptedAt - start);
                // 0 for a part still open, else 1 + its length: one integer either way.
                w.Unsigned(p.EndedAt is { } end ? (ulong)ZigZag(end - p.AcceptedAt) + 1 : 0);
            }
        }
        return w.ToArray();
    }

    /// <summary>The entries, each its own instance (for a write, which keeps them).</summary>
    public static List<HourEntry> Decode(long hour, ReadOnlySpan<byte> data)
    {
        var entries = new List<HourEntry>();
        Visit(hour, data, new HourEntry(), e => entries.Add(e.Copy()));
        return entries;
    }

    /// <summary>Decodes each entry into <paramref name="into"/> and hands it to <paramref name="visit"/>, which copies what it keeps.</summary>
    public static void Visit(long hour, ReadOnlySpan<byte> data, HourEntry into, Action<HourEntry> visit)
    {
        if (data.Length == 0) return;
        var r = new Reader(data);
        if (r.Byte() != Version) throw new InvalidDataException($"A report_hours row of hour {hour} has an unknown version; rebuild the rollup.");
        var count = (int)r.Unsigned();
        var start = hour * HourEntry.HourMs;
        var e = into;
        for (var i = 0; i < count; i++)
        {
            e.Id = (long)r.Unsigned();
            e.CreatedAt = start + r.Signed();
            var flags = r.Byte();
            (e.Answered, e.Abandoned, e.Transferred, e.WrappedUp) =
                ((flags & Answered) != 0, (flags & Abandoned) != 0, (flags & Transferred) != 0, (flags & WrappedUp) != 0);
            e.WaitMs = (flags & HasWait) != 0 ? r.Signed() : null;
            e.FirstResponseMs = (flags & HasFirstResponse) != 0 ? r.Signed() : null;
            e.HandleMs = (flags & HasHandle) != 0 ? r.Signed() : null;
            e.PostProcessingMs = (flags & HasPostProcessing) != 0 ? r.Signed() : null;
            r.Ids(e.Reasons);
            r.Ids(e.Codes);
            e.Parts.Clear();
            for (var p = (int)r.Unsigned(); p > 0; p--)
            {
                var agent = (long)r.Unsigned();
                var kind = r.Byte();
                var kindText = kind == OtherKind ? r.Text() : Kinds[kind];
                var accepted = start + r.Signed();
                var length = r.Unsigned();
                e.Parts.Add(new HourPart(agent, kindText, accepted, length == 0 ? null : accepted + UnZigZag(length - 1)));
            }
            visit(e);
        }
    }

    private static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    private static long UnZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    private sealed class Writer
    {
        private byte[] buffer = new byte[256];
        private int length;

        public void Byte(byte b)
        {
            if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            buffer[length++] = b;
        }

        public void Unsigned(ulong v)
        {
            for (; v >= 0x80; v >>= 7) Byte((byte)(v | 0x80));
            Byte((byte)v);
        }

        public void Signed(long v) => Unsigned(ZigZag(v));

        public void Text(string s)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(s);
            Unsigned((ulong)bytes.Length);
            foreach (var b in bytes) Byte(b);
        }

        public byte[] ToArray() => buffer[..length];
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> data = data;
        private int at;

        public byte Byte() => data[at++];

        public ulong Unsigned()
        {
            ulong v = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = data[at++];
                v |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return v;
            }
        }

        public long Signed() => UnZigZag(Unsigned());

        public void Ids(List<long> into)
        {
            into.Clear();
            for (var n = (int)Unsigned(); n > 0; n--) into.Add((long)Unsigned());
        }

        public string Text()
        {
            var n = (int)Unsigned();
            var s = System.Text.Encoding.UTF8.GetString(data.Slice(at, n));
            at += n;
            return s;
        }
    }
}
