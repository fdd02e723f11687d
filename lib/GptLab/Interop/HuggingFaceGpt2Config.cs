using System.Text.Json;
using System.Text.Json.Nodes;
using GptLab.Model;

namespace GptLab.Interop;

/// <summary>
/// The config.json of a Hugging Face GPT-2 folder (the <c>gpt2</c>, <c>gpt2-medium</c>, <c>distilgpt2</c> repositories)
/// read into a <see cref="GptConfig"/>, and written from one. A field GptLab cannot represent is refused by name.
/// </summary>
public static class HuggingFaceGpt2Config
{
    public const string FileName = "config.json";

    /// <summary>
    /// The shape of the GPT-2 described by <paramref name="path"/>; dropout 0 (a fine-tuning run sets its own). Throws
    /// one line naming the field when the model is not a GPT-2 GptLab can compute exactly.
    /// </summary>
    public static GptConfig Read(string path)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw Refuse(path, "it is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Refuse(path, $"it is not valid JSON ({e.Message.Split('\n')[0]})");
        }
        var modelType = Text(json, "model_type", path);
        if (modelType != "gpt2")
            throw Refuse(path, $"model_type is \"{modelType}\", not \"gpt2\": GptLab imports GPT-2's architecture only");
        int nEmbd = Count(json, "n_embd", path), nLayer = Count(json, "n_layer", path), nHead = Count(json, "n_head", path);
        int nPositions = Count(json, "n_positions", path), vocab = Count(json, "vocab_size", path);
        if (nEmbd % nHead != 0)
            throw Refuse(path, $"n_embd={nEmbd} is not a positive multiple of n_head={nHead}: the file is damaged or not GPT-2's");
        var activation = json["activation_function"] is null ? "gelu_new" : Text(json, "activation_function", path);
        var gelu = activation switch
        {
            "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => GptConfig.GeluTanh,
            "gelu" => GptConfig.Gelu,
            _ => throw Refuse(path, $"activation_function \"{activation}\" is not a GELU GptLab computes (gelu, gelu_new, gelu_pytorch_tanh)"),
        };
        if (json["n_inner"] is not null && Int(json, "n_inner", path) != 4 * nEmbd)
            throw Refuse(path, $"n_inner={json["n_inner"]} is not 4 × n_embd={4 * nEmbd}: GptLab's MLP is 4 × wide");
        if (json["layer_norm_epsilon"] is { } eps && !(eps is JsonValue number && number.TryGetValue<double>(out var epsilon) && Math.Abs(epsilon - 1e-5) <= 1e-12))
            throw Refuse(path, $"layer_norm_epsilon={eps} is not GPT-2's 1e-05, which GptLab's LayerNorm uses");
        Refuse(json, path, "tie_word_embeddings", false, "the output layer is not the token embedding");
        Refuse(json, path, "scale_attn_weights", false, "attention scores are not scaled by 1/sqrt(head size)");
        Refuse(json, path, "scale_attn_by_inverse_layer_idx", true, "attention is scaled by layer index");
        Refuse(json, path, "add_cross_attention", true, "the blocks have cross-attention");
        try
        {
            return new GptConfig { VocabSize = vocab, BlockSize = nPositions, NLayer = nLayer, NHead = nHead, NEmbd = nEmbd, Dropout = 0.0, Bias = true, Activation = gelu }.Validate();
        }
        catch (GptLabException e)
        {
            throw Refuse(path, e.Message);
        }
    }

    /// <summary>The config.json of <paramref name="config"/> as Hugging Face's GPT2LMHeadModel reads it.</summary>
    public static string Write(GptConfig config, int? endOfText)
    {
        if (!config.Bias)
            throw new GptLabException("this model has no biases, and Hugging Face's GPT-2 always has them: export it with --format nanogpt");
        var json = new JsonObject
        {
            ["model_type"] = "gpt2",
            ["architectures"] = new JsonArray("GPT2LMHeadModel"),
            ["vocab_size"] = config.VocabSize,
            ["n_positions"] = config.BlockSize,
            ["n_ctx"] = config.BlockSize,
            ["n_embd"] = config.NEmbd,
            ["n_layer"] = config.NLayer,
            ["n_head"] = config.NHead,
            ["n_inner"] = null,
            ["activation_function"] = config.Activation == GptConfig.GeluTanh ? "gelu_new" : "gelu",
            ["layer_norm_epsilon"] = 1e-5,
            ["resid_pdrop"] = config.Dropout,
            ["embd_pdrop"] = config.Dropout,
            ["attn_pdrop"] = config.Dropout,
            ["initializer_range"] = 0.02,
            ["tie_word_embeddings"] = true,
        };
        if (endOfText is { } eot) (json["bos_token_id"], json["eos_token_id"]) = (eot, eot);
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static void Refuse(JsonObject json, string path, string field, bool refused, string meaning)
    {
        if (json[field] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False && value.GetValue<bool>() == refused)
            throw Refuse(path, $"{field} is {(refused ? "true" : "false")}: {meaning}, which GptLab's GPT cannot represent");
    }

    private static string Text(JsonObject json, string field, string path) =>
        json[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Refuse(path, $"its \"{field}\" is missing or not a string");

    private static int Int(JsonObject json, string field, string path) =>
        json[field] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) ? n : throw Refuse(path, $"its \"{field}\" is missing or not a whole number");

    // A size of the model: a whole number of at least 1, named by GPT-2's field (never GptLab's flags: import has none).
    private static int Count(JsonObject json, string field, string path) =>
        Int(json, field, path) is var n && n >= 1 ? n : throw Refuse(path, $"its \"{field}\" is {n}, and a GPT-2 needs at least 1: the file is damaged or not GPT-2's");

    private static GptLabException Refuse(string path, string problem) =>
        new($"cannot import {path}: {problem}");
}
