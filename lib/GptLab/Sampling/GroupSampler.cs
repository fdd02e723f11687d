using GptLab.Model;
using static TorchSharp.torch;

namespace GptLab.Sampling;

/// <summary>
/// Several answers to one prompt sampled side by side, one batch row each, with one KV cache: a step feeds the G rows'
/// last tokens at once, so G answers cost about what one costs token by token (reinforcement learning's groups, pass@k).
/// Plain temperature sampling, no top-k or penalty. A row stops at its first stop id, which it keeps.
/// </summary>
public static class GroupSampler
{
    /// <summary>
    /// <paramref name="count"/> continuations of <paramref name="prompt"/> from <paramref name="model"/> at
    /// <paramref name="temperature"/> (0: greedy), each at most <paramref name="maxNewTokens"/> ids and within the context;
    /// the same <paramref name="seed"/> gives the same answers on any device.
    /// </summary>
    public static int[][] Sample(Gpt model, int[] prompt, int count, double temperature, int maxNewTokens, Func<int, bool> isStop, long seed)
    {
        var room = Math.Min(maxNewTokens, model.Config.BlockSize - prompt.Length);
        if (room <= 0)
            throw new GptLabException($"the prompt is {prompt.Length} tokens but the model's context is {model.Config.BlockSize}: shorten it");
        var device = model.Device;
        using var eval = EvalMode.Enter(model);
        using var noGrad = no_grad();
        using var cache = model.NewCache(count);
        using var generator = new Generator((ulong)seed); // on the CPU: the draws do not depend on the device
        // Each step is a few dozen small ops: waking libtorch's other CPU threads for each costs more than it saves (as
        // in Sampler's one-token steps).
        var threads = get_num_threads();
        if (device.type == TorchSharp.DeviceType.CPU) set_num_threads(1);
        try
        {
            return Decode(model, prompt, count, temperature, room, isStop, generator, cache, device);
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    private static int[][] Decode(Gpt model, int[] prompt, int count, double temperature, int room, Func<int, bool> isStop, Generator generator, KvCache cache, Device device)
    {
        var answers = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        var done = new bool[count];
        var input = Enumerable.Range(0, count).SelectMany(_ => prompt).Select(i => (long)i).ToArray(); // (G, P), then (G, 1)
        var width = prompt.Length;
        for (var step = 0; step < room && !done.All(d => d); step++)
        {
            using var scope = NewDisposeScope();
            var logits = model.LastLogits(tensor(input, [count, width], device: device), cache).to_type(ScalarType.Float32).cpu(); // (G, V)
            var next = temperature == 0
                ? logits.argmax(1)
                : ((logits / temperature).softmax(1) / empty_like(logits).exponential_(1, generator)).argmax(1); // one Exp(1) draw per token: a categorical sample
            var ids = next.data<long>().ToArray();
            for (var g = 0; g < count; g++)
            {
                if (done[g]) continue;
                answers[g].Add((int)ids[g]);
                done[g] = isStop((int)ids[g]);
            }
            (input, width) = (ids, 1); // finished rows keep decoding; their tokens are dropped
        }
        return [.. answers.Select(a => a.ToArray())];
    }
}
