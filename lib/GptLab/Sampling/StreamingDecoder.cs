using System.Text;

namespace GptLab.Sampling;

/// <summary>
/// Turns token ids into text as they arrive, in time linear in the number of ids: only the ids of a character still
/// being completed are decoded again, and only the text that may begin a stop sequence is searched again. Shared by
/// <c>gptlab sample</c> (<see cref="Sampler.Stream"/>) and <c>gptlab chat</c> (the chat replier).
/// </summary>
public sealed class StreamingDecoder
{
    // An incomplete UTF-8 character has at most 3 bytes, so it lies in the last 3 pending ids at most. Ids whose tokens
    // cross character boundaries (a CJK word in byte-level BPE) stay pending until a boundary comes, within a word; past
    // this many, the pending ids spell invalid bytes, and go out as the tokenizer decodes them (U+FFFD).
    private const int MaxIncompleteIds = 3;
    private const int MaxPendingIds = 16;

    private readonly Func<IEnumerable<int>, string> _decode;
    private readonly string[] _stops;
    private readonly List<int> _pending = [];
    private readonly StringBuilder _held = new(); // decoded, not yet emitted: it may begin a stop sequence

    /// <summary>
    /// Decodes with <paramref name="decode"/> (a tokenizer's, or the chat template's that leaves out control ids) and ends
    /// the text before the first of <paramref name="stopSequences"/>.
    /// </summary>
    public StreamingDecoder(Func<IEnumerable<int>, string> decode, IEnumerable<string>? stopSequences = null)
    {
        _decode = decode;
        _stops = [.. (stopSequences ?? []).Where(s => s.Length > 0)];
    }

    /// <summary>True once a stop sequence was seen: the text ended before it, and later ids are ignored.</summary>
    public bool Stopped { get; private set; }

    /// <summary>The text that <paramref name="id"/> completes and that can no longer be part of a stop sequence ("" for none yet).</summary>
    public string Push(int id)
    {
        if (Stopped) return "";
        _pending.Add(id);
        var text = _decode(_pending);
        if (!text.EndsWith('\uFFFD') || _pending.Count > MaxPendingIds)
        {
            _pending.Clear();
            _held.Append(text);
            return Release(final: false);
        }
        // Part of a multi-byte character at the end: let out what comes before it, keep the ids that may complete it.
        for (var keep = 1; keep <= Math.Min(MaxIncompleteIds, _pending.Count - 1); keep++)
        {
            var head = _decode(_pending.Take(_pending.Count - keep));
            if (head.EndsWith('\uFFFD') || !text.StartsWith(head, StringComparison.Ordinal)) continue;
            _pending.RemoveRange(0, _pending.Count - keep);
            _held.Append(head);
            return Release(final: false);
        }
        return "";
    }

    /// <summary>Everything still held back, at the end of generation ("" after a stop).</summary>
    public string Flush()
    {
        if (Stopped) return "";
        if (_pending.Count > 0) _held.Append(_decode(_pending));
        _pending.Clear();
        return Release(final: true);
    }

    // Emits the held text up to a stop sequence (and stops), or all of it but an end that may begin one.
    private string Release(bool final)
    {
        var held = _held.ToString();
        var stopAt = FirstStop(held);
        if (stopAt >= 0) Stopped = true;
        var safe = stopAt >= 0 ? stopAt : final ? held.Length : held.Length - PartialStopLength(held);
        _held.Clear();
        if (stopAt < 0) _held.Append(held, safe, held.Length - safe);
        return held[..safe];
    }

    private int FirstStop(string text)
    {
        var first = -1;
        foreach (var stop in _stops)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first)) first = at;
        }
        return first;
    }

    // Length of the longest end of text that is the beginning of a stop sequence.
    private int PartialStopLength(string text)
    {
        var longest = 0;
        foreach (var stop in _stops)
            for (var n = Math.Min(stop.Length - 1, text.Length); n > longest; n--)
                if (text.AsSpan(text.Length - n).SequenceEqual(stop.AsSpan(0, n))) { longest = n; break; }
        return longest;
    }
}
