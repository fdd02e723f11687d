using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Tokenization;

namespace GptLab.Training;

/// <summary>
/// Instruction conversations in the pretraining text (nanochat's mid-training, here in the same run as pretraining):
/// the base reads thousands of distinct problems, word lists and questions in the chat format before SFT, where a
/// fine-tuning of a few hundred examples per family only memorises them. The held-out items a fine-tuning tests on
/// never go in (<see cref="InstructionMixConfig.HeldOutPerFamily"/>), and <see cref="CheckHeldOut"/> refuses a
/// fine-tuning whose test set could reach past them.
/// </summary>
public static class MidTraining
{
    /// <summary>
    /// The conversations <paramref name="mix"/> describes (training items only, every synthetic family but story, one in
    /// ten of them two turns long), in the instruction set's shuffled order.
    /// </summary>
    public static IReadOnlyList<ChatExample> Conversations(InstructionMixConfig mix) =>
        InstructionSet.Generate(new InstructionSetOptions
        {
            Seed = mix.DataSeed, TrainPerFamily = mix.PerFamily, ValidationPerFamily = 0, TestPerFamily = mix.HeldOutPerFamily,
        }).Train;

    /// <summary>
    /// Throws when fine-tuning with <paramref name="sft"/> could test on a conversation of <paramref name="mix"/>: another data
    /// seed draws other held-out items, and more validation and test examples than were held out reach into the mix.
    /// </summary>
    public static void CheckHeldOut(InstructionMixConfig mix, SftConfig sft)
    {
        if (sft.DataSeed != mix.DataSeed)
            throw new GptLabException(
                $"the base model was mid-trained on the instruction set of data seed {mix.DataSeed}, so fine-tuning with data seed {sft.DataSeed} " +
                $"would test it on conversations it trained on: use --data-seed {mix.DataSeed}, or a base pretrained without instructions");
        if (sft.ValidationPerFamily + sft.TestPerFamily > mix.HeldOutPerFamily)
            throw new GptLabException(
                $"the base model was mid-trained with {mix.HeldOutPerFamily} items per family held out, fewer than the {sft.ValidationPerFamily} validation " +
                $"and {sft.TestPerFamily} test examples asked for: ask for at most {mix.HeldOutPerFamily} together (--config sft.validation_per_family, " +
                "sft.test_per_family), or pretrain a base with a larger instructions.held_out_per_family");
    }

    /// <summary>
    /// The conversations of <paramref name="mix"/> as the chat template renders them for SFT (&lt;|endoftext|&gt;, then the
    /// turns), one after another: what pretraining appends to its training split.
    /// </summary>
    public static int[] Tokens(ITokenizer tokenizer, InstructionMixConfig mix)
    {
        var template = new ChatTemplate(tokenizer);
        return [.. Conversations(mix).SelectMany(c => template.Render(c.Messages).Ids)];
    }
}
