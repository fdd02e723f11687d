using System.Text.Json.Nodes;
using GptLab.Tokenization;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.Tests.Interop;

/// <summary>
/// A small GPT-2 in Hugging Face's layout, written by the test itself: config.json, model.safetensors with HF names,
/// Conv1D (in, out) weights and the causal-mask buffers older files carry, and a char tokenizer beside it (its
/// vocabulary is not GPT-2's), or GPT-2's own 50,257-id vocabulary and no tokenizer file, as the hub's folders have.
/// The weights are known: seeded normal values, kept for an independent forward pass.
/// </summary>
internal sealed class Gpt2Folder
{
    public const string Alphabet = " abcdefghijklmnopqrstuvwxyz.,\n";

    public Gpt2Folder(string folder, int layers = 2, int heads = 2, int width = 16, int positions = 32, bool prefixed = false, long seed = 7, bool gpt2Vocabulary = false)
    {
        Folder = folder;
        (Layers, Heads, Width, Positions) = (layers, heads, width, positions);
        var tokenizer = CharTokenizer.FromCorpus(Alphabet);
        Vocab = gpt2Vocabulary ? Gpt2Tokenizer.BaseVocabSize : tokenizer.VocabSize;
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        Tensor Normal(params long[] shape) => randn(shape, generator: generator) * 0.3;
        var w = new Dictionary<string, Tensor> { ["wte.weight"] = Normal(Vocab, width), ["wpe.weight"] = Normal(positions, width) };
        for (var i = 0; i < layers; i++)
        {
            var h = $"h.{i}.";
            w[h + "ln_1.weight"] = 1 + Normal(width); w[h + "ln_1.bias"] = Normal(width);
            w[h + "attn.c_attn.weight"] = Normal(width, 3 * width); w[h + "attn.c_attn.bias"] = Normal(3 * width);
            w[h + "attn.c_proj.weight"] = Normal(width, width); w[h + "attn.c_proj.bias"] = Normal(width);
            w[h + "ln_2.weight"] = 1 + Normal(width); w[h + "ln_2.bias"] = Normal(width);
            w[h + "mlp.c_fc.weight"] = Normal(width, 4 * width); w[h + "mlp.c_fc.bias"] = Normal(4 * width);
            w[h + "mlp.c_proj.weight"] = Normal(4 * width, width); w[h + "mlp.c_proj.bias"] = Normal(width);
        }
        w["ln_f.weight"] = 1 + Normal(width); w["ln_f.bias"] = Normal(width);
        Weights = w;
        var file = new Dictionary<string, Tensor>();
        foreach (var (k, v) in w) file[(prefixed ? "transformer." : "") + k] = v;
        for (var i = 0; i < layers; i++) file[$"{(prefixed ? "transformer." : "")}h.{i}.attn.bias"] = ones(positions, positions).tril().view(1, 1, positions, positions);
        Directory.CreateDirectory(folder);
        Safetensors.SaveStateDict(Path.Combine(folder, "model.safetensors"), file);
        File.WriteAllText(Path.Combine(folder, "config.json"), Config().ToJsonString());
        if (!gpt2Vocabulary) tokenizer.Save(Path.Combine(folder, "gptlab-tokenizer.json"));
    }

    public string Folder { get; }

    public int Layers { get; }

    public int Heads { get; }

    public int Width { get; }

    public int Positions { get; }

    public int Vocab { get; }

    /// <summary>The weights as written (HF names, no prefix, Conv1D orientation).</summary>
    public IReadOnlyDictionary<string, Tensor> Weights { get; }

    /// <summary>The config.json written: the fields of the gpt2 repository's, with this model's sizes.</summary>
    public JsonObject Config() => new()
    {
        ["activation_function"] = "gelu_new", ["architectures"] = new JsonArray("GPT2LMHeadModel"), ["attn_pdrop"] = 0.1,
        ["bos_token_id"] = 50256, ["embd_pdrop"] = 0.1, ["eos_token_id"] = 50256, ["initializer_range"] = 0.02,
        ["layer_norm_epsilon"] = 1e-5, ["model_type"] = "gpt2", ["n_ctx"] = Positions, ["n_embd"] = Width, ["n_head"] = Heads,
        ["n_layer"] = Layers, ["n_positions"] = Positions, ["resid_pdrop"] = 0.1, ["vocab_size"] = Vocab,
    };

    /// <summary>
    /// GPT-2's forward pass written out from the paper's definitions on the file's own tensors (not GptLab's modules):
    /// pre-LayerNorm blocks, Conv1D as x·W + b, causal softmax attention, the tanh GELU, the tied head. Logits (T, V).
    /// </summary>
    public Tensor Logits(long[] ids)
    {
        var T = ids.Length;
        var W = Weights;
        Tensor Norm(Tensor x, string name)
        {
            var mean = x.mean([-1], keepdim: true);
            var variance = (x - mean).pow(2).mean([-1], keepdim: true);
            return (x - mean) / (variance + 1e-5).sqrt() * W[name + ".weight"] + W[name + ".bias"];
        }
        Tensor Conv(Tensor x, string name) => x.matmul(W[name + ".weight"]) + W[name + ".bias"];
        var x = W["wte.weight"].index_select(0, tensor(ids)) + W["wpe.weight"][..T]; // (T, C)
        var hs = Width / Heads;
        var causal = ones(T, T).tril();
        for (var i = 0; i < Layers; i++)
        {
            var h = $"h.{i}.";
            var qkv = Conv(Norm(x, h + "ln_1"), h + "attn.c_attn"); // (T, 3C)
            var heads = new List<Tensor>();
            for (var head = 0; head < Heads; head++)
            {
                var q = qkv[.., (head * hs)..((head + 1) * hs)];
                var k = qkv[.., (Width + head * hs)..(Width + (head + 1) * hs)];
                var v = qkv[.., (2 * Width + head * hs)..(2 * Width + (head + 1) * hs)];
                var scores = q.matmul(k.t()) / Math.Sqrt(hs);
                scores = scores.masked_fill(causal.eq(0), double.NegativeInfinity);
                heads.Add(scores.softmax(-1).matmul(v)); // (T, hs)
            }
            x = x + Conv(cat(heads, 1), h + "attn.c_proj");
            var u = Conv(Norm(x, h + "ln_2"), h + "mlp.c_fc");
            var gelu = 0.5 * u * (1 + (Math.Sqrt(2 / Math.PI) * (u + 0.044715 * u.pow(3))).tanh());
            x = x + Conv(gelu, h + "mlp.c_proj");
        }
        return Norm(x, "ln_f").matmul(W["wte.weight"].t()); // (T, V)
    }
}
