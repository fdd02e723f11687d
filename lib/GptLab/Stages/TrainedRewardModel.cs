using GptLab.Chat;
using GptLab.Configuration;
using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.IO;
using GptLab.Model;
using GptLab.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GptLab.Stages;

/// <summary>
/// A reward model loaded from its run: the GPT of its checkpoint under the head saved beside it
/// (<c>reward.safetensors</c>), in eval mode, and the chat template of its SFT run. Scores whole conversations.
/// </summary>
public sealed class TrainedRewardModel : IDisposable
{
    private readonly Checkpoint _checkpoint;

    private TrainedRewardModel(Checkpoint checkpoint, GptRewardModel model, ChatTemplate template) =>
        (_checkpoint, Model, Template) = (checkpoint, model, template);

    public GptRewardModel Model { get; }

    public ChatTemplate Template { get; }

    /// <summary>The reward model trained in <paramref name="folder"/> (a run or checkpoint folder); a run of another stage is refused in one line.</summary>
    public static TrainedRewardModel Load(string folder, Device device)
    {
        var checkpoint = Checkpoint.LoadLanguageModel(folder, device);
        try
        {
            var head = Path.Combine(checkpoint.Folder, RunFiles.RewardHead);
            if (checkpoint.Meta.Config.Stage != Stage.Reward || !File.Exists(head))
                throw new GptLabException($"{folder} is not a reward model (stage '{checkpoint.Meta.Config.Stage}', no {RunFiles.RewardHead}): train one with `gptlab reward --base <sft run>`");
            var model = new GptRewardModel(checkpoint.Model);
            model.Head.load_safetensors(head, strict: true);
            model.to(device);
            model.eval();
            return new TrainedRewardModel(checkpoint, model, SupervisedStage.TemplateFor(checkpoint.Tokenizer, checkpoint.Meta.Config));
        }
        catch
        {
            checkpoint.Dispose();
            throw;
        }
    }

    /// <summary>The run config the reward model was trained with (its parent: the SFT run; its reward section: the pairs).</summary>
    public RunConfig Config => _checkpoint.Meta.Config;

    /// <summary>The rewards of sampled answers to their examples' prompts, without gradients (<see cref="RewardObjective.AnswerRewards"/>).</summary>
    public double[] Score(IReadOnlyList<(ChatExample Example, SampledAnswer Answer)> answers) =>
        RewardObjective.AnswerRewards(Model, Template, [.. answers.Select(a => (a.Example.Prompt, a.Answer.Text))], batchSize: 16);

    public void Dispose()
    {
        Model.Head.Dispose();
        _checkpoint.Dispose();
    }
}
