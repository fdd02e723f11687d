using System.Text.Json.Serialization;

namespace GptLab.Model;

/// <summary>
/// Shape of a GPT (nanoGPT's GPTConfig). Defaults are nanoGPT's shakespeare-char model; the
/// presets (GptLab.Configuration.Presets) override them. The precision is a run setting, not part of the shape.
/// </summary>
public sealed record GptConfig
{
    /// <summary>Token ids the model knows (the tokenizer's vocabulary size).</summary>
    public int VocabSize { get; init; } = 65;

    /// <summary>Context length: the most tokens the model attends over (learned positions).</summary>
    public int BlockSize { get; init; } = 256;

    public int NLayer { get; init; } = 6;

    public int NHead { get; init; } = 6;

    /// <summary>Width of the residual stream; must divide by <see cref="NHead"/>.</summary>
    public int NEmbd { get; init; } = 384;

    /// <summary>Dropout on embeddings, attention weights and residual branches (0 for pretraining large data).</summary>
    public double Dropout { get; init; } = 0.2;

    /// <summary>Biases in Linear and LayerNorm layers, like GPT-2.</summary>
    public bool Bias { get; init; } = true;

    /// <summary>
    /// The MLP's GELU: "gelu" (exact, nanoGPT's nn.GELU) or "gelu_tanh" (the tanh approximation GPT-2 was trained with,
    /// Hugging Face's "gelu_new"; what an imported GPT-2 computes).
    /// </summary>
    public string Activation { get; init; } = Gelu;

    public const string Gelu = "gelu";

    /// <summary>
    /// Rank of the low-rank adapters (LoRA) on every attention and MLP projection; 0 = none. A fine-tuning with
    /// <c>--lora R</c> records it here: the checkpoint then holds the frozen weights and the adapters (<see cref="LoraAdapter"/>).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int LoraRank { get; init; }

    /// <summary>LoRA's alpha: the adapters' output is scaled by alpha / rank; 0 = twice the rank (a scale of 2).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double LoraAlpha { get; init; }

    /// <summary>
    /// How many of the token embedding's last rows train beside the LoRA adapters (<see cref="TokenRowsAdapter"/>): the
    /// tokens the fine-tuning added to the vocabulary; 0 = none, the embedding frozen whole.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int LoraTokenRows { get; init; }

    /// <summary>alpha / rank, the factor of every adapter's output.</summary>
    [JsonIgnore]
    public double LoraScale => LoraRank == 0 ? 0 : (LoraAlpha > 0 ? LoraAlpha : 2.0 * LoraRank) / LoraRank;

    public const string GeluTanh = "gelu_tanh";

    /// <summary>Throws <see cref="GptLabException"/> naming the first bad value.</summary>
    public GptConfig Validate()
    {
        Require(VocabSize is > 0 and <= 1_000_000, $"vocab_size={VocabSize} must be between 1 and 1,000,000");
        Require(BlockSize is > 0 and <= 65_536, $"block_size={BlockSize} must be between 1 and 65,536");
        Require(NLayer is > 0 and <= 256, $"n_layer={NLayer} must be between 1 and 256");
        Require(NHead > 0, $"n_head={NHead} must be positive");
        Require(NEmbd > 0 && NEmbd % NHead == 0, $"n_embd={NEmbd} must be a positive multiple of n_head={NHead}");
        Require(Dropout is >= 0 and < 1, $"dropout={Dropout} must be in [0, 1)");
        Require(Activation is Gelu or GeluTanh, $"activation='{Activation}' must be {Gelu} or {GeluTanh}");
        Require(LoraRank >= 0 && LoraRank <= NEmbd, $"lora_rank={LoraRank} must be between 0 (no adapters) and n_embd={NEmbd}");
        Require(LoraAlpha >= 0 && double.IsFinite(LoraAlpha), $"lora_alpha={LoraAlpha} must not be negative (0 = twice the rank)");
        Require(LoraTokenRows >= 0 && LoraTokenRows < VocabSize, $"lora_token_rows={LoraTokenRows} must be between 0 and vocab_size={VocabSize}");
        Require(LoraTokenRows == 0 || LoraRank > 0, $"lora_token_rows={LoraTokenRows} needs adapters (lora_rank > 0)");
        return this;
    }

    private static void Require(bool ok, string problem)
    {
        if (!ok) throw new GptLabException($"invalid model config: {problem}; fix it in --config or the matching flag");
    }
}
