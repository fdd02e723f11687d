using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace GptLab.Tokenization;

/// <summary>
/// Trains a byte-level BPE vocabulary on a corpus, as GPT-2's was trained (and nanochat's rustbpe, minbpe):
/// split the text with GPT-2's regex, start from the 256 byte values, and repeatedly merge the most frequent
/// adjacent pair into a new token. Microsoft.ML.Tokenizers cannot train; it loads the result in <see cref="BpeTokenizer"/>.
/// </summary>
public static class BpeTrainer
{
    /// <summary>Smallest vocabulary: the 256 byte values, no merges.</summary>
    public const int MinVocabSize = 256;

    /// <summary>Largest vocabulary this course trains; larger ones need a larger corpus than the course ships.</summary>
    public const int MaxVocabSize = 8192;

    /// <summary>
    /// Learns merges until the tokenizer has <paramref name="vocabSize"/> ids, the
    /// <paramref name="specialTokens"/> (ids after the merged tokens) included.
    /// Ties between equally frequent pairs go to the pair with the smaller ids, so training is deterministic.
    /// </summary>
    public static BpeTokenizer Train(string corpus, int vocabSize, IReadOnlyList<string>? specialTokens = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        specialTokens ??= [];
        if (vocabSize is < MinVocabSize or > MaxVocabSize || vocabSize < MinVocabSize + specialTokens.Count)
            throw new GptLabException(
                $"BPE vocabulary size {vocabSize} is out of range; choose a --bpe-vocab-size from " +
                $"{MinVocabSize + specialTokens.Count} to {MaxVocabSize}.");
        if (specialTokens.Any(string.IsNullOrEmpty) || specialTokens.Distinct().Count() != specialTokens.Count)
            throw new GptLabException("BPE special tokens must be distinct and non-empty; remove the empty or repeated ones.");
        TextCheck.ThrowIfUnpairedSurrogate(corpus, "The BPE training corpus");

        int mergedSize = vocabSize - specialTokens.Count;
        var merges = new PairMerger(ByteWords(CountWords(corpus, specialTokens))).Run(mergedSize);
        var specials = new Dictionary<string, int>();
        foreach (string token in specialTokens)
            specials.Add(token, mergedSize + specials.Count);
        return new BpeTokenizer(merges, specials);
    }

    /// <summary>
    /// What training counts its first merge over: the corpus cut into pre-token words by GPT-2's regex, each distinct word
    /// once as its UTF-8 byte values (the 256 starting ids), with how often it occurs, in order of first occurrence.
    /// </summary>
    public static IReadOnlyList<(int[] Ids, long Count)> Words(string corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        TextCheck.ThrowIfUnpairedSurrogate(corpus, "The BPE training corpus");
        return ByteWords(CountWords(corpus, []));
    }

    /// <summary>
    /// The pair of ids training merges first (the 257th token) over <paramref name="words"/> (<see cref="Words"/>): notebook
    /// 01's exercise is checked against it.
    /// </summary>
    public static (int Left, int Right) FirstMerge(IReadOnlyList<(int[] Ids, long Count)> words)
    {
        var pair = new PairMerger(words).NextPair(MinVocabSize + 1);
        return ((int)(pair >> 32), (int)pair);
    }

    // Each distinct word as its UTF-8 byte values, the ids training starts from, with its count.
    private static (int[] Ids, long Count)[] ByteWords(Dictionary<string, long> counts) =>
        [.. counts.Select(w => (Array.ConvertAll(Encoding.UTF8.GetBytes(w.Key), b => (int)b), w.Value))];

    // Pre-token words (GPT-2 regex) and how often each occurs; special tokens are cut out of the text first.
    private static Dictionary<string, long> CountWords(string corpus, IReadOnlyList<string> specialTokens)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var parts = specialTokens.Count == 0
            ? [corpus]
            : Regex.Split(corpus, string.Join("|", specialTokens.Select(Regex.Escape)));
        foreach (string part in parts)
        {
            foreach (var match in ByteLevel.PreTokenizer().EnumerateMatches(part))
                CollectionsMarshal.GetValueRefOrAddDefault(lookup, part.AsSpan(match.Index, match.Length), out _)++;
        }
        return counts;
    }

    // The merge loop. Pair counts are kept up to date incrementally: a merge only rewrites the words that contain
    // the pair, and a priority queue (with stale entries skipped) finds the next most frequent pair.
    private sealed class PairMerger
    {
        private readonly int[][] _words;           // each unique word as token ids
        private readonly long[] _wordCounts;       // how often each word occurs in the corpus
        private readonly int[] _lastVisit;         // merge number that last rewrote each word, to visit it once
        private readonly Dictionary<long, long> _pairCounts = [];
        private readonly Dictionary<long, List<int>> _wordsWithPair = [];  // may list words that lost the pair
        private readonly PriorityQueue<long, (long NegCount, int Left, int Right)> _queue = new();
        private readonly List<string> _tokens = [.. ByteLevel.ByteToChar.Select(c => c.ToString())];
        private readonly Dictionary<string, int> _tokenIds = [];

        // A merge replaces a word's array with a new one: the caller's arrays are never written.
        public PairMerger(IReadOnlyList<(int[] Ids, long Count)> words)
        {
            _words = [.. words.Select(w => w.Ids)];
            _wordCounts = [.. words.Select(w => w.Count)];
            _lastVisit = new int[_words.Length];
            for (int i = 0; i < _tokens.Count; i++)
                _tokenIds.Add(_tokens[i], i);
            var deltas = new Dictionary<long, long>();
            for (int w = 0; w < _words.Length; w++)
                AddPairs(w, _words[w], +1, deltas, newToken: -1);
            Apply(deltas);
        }

        public List<(string Left, string Right)> Run(int vocabSize)
        {
            var merges = new List<(string Left, string Right)>();
            while (_tokens.Count < vocabSize)
            {
                long pair = NextPair(vocabSize);
                int left = (int)(pair >> 32), right = (int)pair;
                string text = _tokens[left] + _tokens[right];
                // Different merges can spell the same bytes ("a"+"bc", "ab"+"c"): they share one id.
                if (!_tokenIds.TryGetValue(text, out int token))
                {
                    token = _tokens.Count;
                    _tokens.Add(text);
                    _tokenIds.Add(text, token);
                }
                merges.Add((_tokens[left], _tokens[right]));
                Merge(pair, left, right, token, merges.Count);
            }
            return merges;
        }

        public long NextPair(int vocabSize)
        {
            while (_queue.TryDequeue(out long pair, out var priority))
            {
                if (_pairCounts.TryGetValue(pair, out long count) && count == -priority.NegCount)
                    return pair;
            }
            throw new GptLabException(
                $"The BPE corpus is too small for {vocabSize} tokens (it ran out of pairs at {_tokens.Count}); " +
                "choose a smaller --bpe-vocab-size or a larger corpus.");
        }

        private void Merge(long pair, int left, int right, int token, int mergeNumber)
        {
            var deltas = new Dictionary<long, long>();
            _wordsWithPair.Remove(pair, out var words);
            foreach (int w in words ?? [])
            {
                if (_lastVisit[w] == mergeNumber)
                    continue;
                _lastVisit[w] = mergeNumber;
                int[] old = _words[w];
                var merged = new List<int>(old.Length);
                for (int i = 0; i < old.Length; i++)
                {
                    bool match = i + 1 < old.Length && old[i] == left && old[i + 1] == right;
                    merged.Add(match ? token : old[i]);
                    if (match)
                        i++;
                }
                if (merged.Count == old.Length)
                    continue;
                AddPairs(w, old, -1, deltas, newToken: -1);
                _words[w] = [.. merged];
                AddPairs(w, _words[w], +1, deltas, token);
            }
            Apply(deltas);
        }

        // Adds sign × the word's count to each adjacent pair; records the word under pairs that involve newToken
        // (-1: under every pair, for the initial count).
        private void AddPairs(int w, int[] word, int sign, Dictionary<long, long> deltas, int newToken)
        {
            for (int i = 0; i + 1 < word.Length; i++)
            {
                long pair = ((long)word[i] << 32) | (uint)word[i + 1];
                CollectionsMarshal.GetValueRefOrAddDefault(deltas, pair, out _) += sign * _wordCounts[w];
                if (sign > 0 && (newToken < 0 || word[i] == newToken || word[i + 1] == newToken))
                {
                    ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(_wordsWithPair, pair, out _);
                    (list ??= []).Add(w);
                }
            }
        }

        private void Apply(Dictionary<long, long> deltas)
        {
            foreach (var (pair, delta) in deltas)
            {
                if (delta == 0)
                    continue;
                ref long count = ref CollectionsMarshal.GetValueRefOrAddDefault(_pairCounts, pair, out _);
                count += delta;
                if (count > 0)
                    _queue.Enqueue(pair, (-count, (int)(pair >> 32), (int)pair));
                else
                    _pairCounts.Remove(pair);
            }
        }
    }
}
