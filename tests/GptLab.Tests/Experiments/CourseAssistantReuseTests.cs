using GptLab.Configuration;
using GptLab.Experiments;
using GptLab.Training;

namespace GptLab.Tests.Experiments;

/// <summary>
/// When the course assistant that notebook 06 fine-tuned is reused by notebooks 07 and 08 and the lab, and when it is
/// fine-tuned again: only a fine-tuning that finished with the settings asked for now counts. Notebook 06 exercises the
/// training itself (CI runs it); this is the decision, without training a model.
/// </summary>
public class CourseAssistantReuseTests
{
    [Fact]
    public void AFineTunedAssistantIsReusedOnlyWhenItFinishedWithTheSettingsAskedFor()
    {
        var asked = ConfigResolver.Resolve(Stage.Sft, "tiny");
        asked = asked with { Train = asked.Train with { MaxSteps = 100 } };
        var saved = new CheckpointMeta { Config = asked, Tokenizer = "bpe", VocabSize = 2048, Step = 100 };
        Assert.True(CourseModels.Current(saved, asked));
        // max_steps follows from the data (epochs × conversations ÷ batch): by itself it is no other fine-tuning.
        Assert.True(CourseModels.Current(saved, asked with { Train = asked.Train with { MaxSteps = 107 } }));
        // Other settings (an older preset) are another assistant; so is one that stopped short of its end.
        Assert.False(CourseModels.Current(saved, asked with { Sft = asked.Sft! with { TrainPerFamily = 7 } }));
        Assert.False(CourseModels.Current(saved, asked with { Train = asked.Train with { Seed = 5 } }));
        Assert.False(CourseModels.Current(saved with { Step = 50 }, asked));
        // The parent is its run, wherever the runs folder now lies; another run is another assistant.
        var parented = saved with { Config = asked with { Parent = "/old/place/runs/course-chat-tiny/checkpoint" } };
        Assert.True(CourseModels.Current(parented, asked with { Parent = "/new/place/runs/course-chat-tiny/checkpoint" }));
        Assert.False(CourseModels.Current(parented, asked with { Parent = "/old/place/runs/course-chat-tiny-seed7/checkpoint" }));
    }
}
