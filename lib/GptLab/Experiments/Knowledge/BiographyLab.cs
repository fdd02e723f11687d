using GptLab.Data.Tasks;
using GptLab.Evaluation;
using GptLab.Experiments.Lab;
using GptLab.Model;
using GptLab.Tokenization;
using GptLab.Training;

namespace GptLab.Experiments.Knowledge;

/// <summary>
/// What the knowledge experiments share: the model and budget of each profile, pretraining on biographies, fine-tuning
/// on question–answer lines, and asking a model about people. One char tokenizer (<see cref="BiographyWorld.Characters"/>)
/// serves every stage, so any model can be trained further on any text of any world.
/// </summary>
public static class BiographyLab
{
    /// <summary>
    /// People in the world, pretraining steps, question fine-tuning steps: the profile's, each times the context's
    /// scale (as many reads of every biography and question at any scale).
    /// </summary>
    public static (int People, int Steps, int QuestionSteps) Budget(ExperimentContext context)
    {
        var (people, steps, questionSteps) = context.Pick((20, 300, 60), (60, 1_600, 200), (1_000, 8_000, 1_000));
        return (people * context.Scale, steps * context.Scale, questionSteps * context.Scale);
    }

    /// <summary>
    /// A context that holds a whole biography (about 80 to 120 characters); in the cpu profile two layers, not the lab's
    /// four: at equal minutes the shallower model stores more facts (it reads twice the tokens).
    /// </summary>
    public static GptConfig Shape(ExperimentContext context) => LabModel.Shape(context) with { BlockSize = 128, NLayer = context.Pick(2, 2, 6) };

    /// <summary>Tokens one training step reads, in every stage.</summary>
    public static long TokensPerStep(ExperimentContext context) => (long)LabModel.BatchSize * Shape(context).BlockSize;

    public static CharTokenizer Tokenizer { get; } = CharTokenizer.FromCorpus(BiographyWorld.Characters);

    /// <summary>Pretrains a model from scratch on <paramref name="biographies"/>, or further from <paramref name="from"/>.</summary>
    public static Checkpoint Pretrain(ExperimentContext context, string folder, string biographies, string monitor, int steps, Checkpoint? from = null) =>
        LabModel.Train(context, folder, biographies, monitor, steps, Shape(context), learningRate: 3e-3, tokenizer: Tokenizer, from: from);

    /// <summary>Fine-tunes <paramref name="from"/> on question–answer lines (a lower learning rate: the facts are to stay).</summary>
    public static Checkpoint FineTune(ExperimentContext context, string folder, Checkpoint from, string questions, string monitor, int steps) =>
        LabModel.Train(context, folder, questions, monitor, steps, learningRate: 1e-3, from: from);

    /// <summary>
    /// Whether the model's greedy answer to each question about <paramref name="people"/> is right, attribute by
    /// attribute (only <paramref name="attribute"/> when given; worded as no training text asks with <paramref name="otherWording"/>).
    /// </summary>
    public static bool[] Answers(Checkpoint model, IEnumerable<BiographyWorld.Person> people, int? attribute = null, bool otherWording = false) =>
        GreedyAnswers.Right(model.Model, model.Tokenizer, [.. people.SelectMany(p => BiographyWorld.Ask(p, otherWording)).Where(q => attribute is null || q.Attribute == attribute).Select(q => ("\n" + q.Prompt, q.Answer))]);

    /// <summary>
    /// Whether the model completes each biography sentence about <paramref name="people"/> ("Tovin is employed by ") with the
    /// value, each in a wording its <paramref name="trainingText"/> never states verbatim (<see cref="BiographyWorld.Statements(BiographyWorld.Person, string)"/>),
    /// and which person (0, 1, … in the order given) each sentence is about.
    /// </summary>
    public static (bool[] Right, int[] Person) Completions(Checkpoint model, IReadOnlyList<BiographyWorld.Person> people, string trainingText)
    {
        var statements = people.SelectMany((p, i) => BiographyWorld.Statements(p, trainingText).Select(q => (q, i))).ToList();
        var right = GreedyAnswers.Right(model.Model, model.Tokenizer, [.. statements.Select(x => ("\n" + x.q.Prompt, x.q.Answer + "."))], wholeLine: false);
        return (right, [.. statements.Select(x => x.i)]);
    }
}
