using System.Text.Json.Nodes;
using GptLab.Configuration;
using GptLab.Model;

namespace GptLab.Tests.Configuration;

public class ConfigResolverTests
{
    private static string ConfigFileWith(string json)
    {
        var path = Path.Combine(TestPaths.NewTempFolder("config"), "run.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void PresetThenFileThenFlags()
    {
        var file = ConfigFileWith("""{"model": {"n_layer": 3}, "train": {"max_steps": 77, "batch_size": 5}, "data": {"val_fraction": 0.2}}""");
        var config = ConfigResolver.Resolve(new SettingsRequest { Stage = Stage.Base, Profile = "tiny", ConfigFile = file, Flags = new SettingOverrides { MaxSteps = 9 } });
        Assert.Equal((3, 9, 5, 0.2), (config.Model.NLayer, config.Train.MaxSteps, config.Train.BatchSize, config.Data.ValFraction));
        Assert.Equal(Presets.For(Stage.Base, "tiny").Model.NEmbd, config.Model.NEmbd); // untouched keys keep the preset
        var bad = Assert.Throws<GptLabException>(() => ConfigResolver.Resolve(new SettingsRequest { Stage = Stage.Base, Profile = "tiny", Flags = new SettingOverrides { Dtype = "float16" } }));
        Assert.Contains("dtype='float16'", bad.Message); // validated once, at the end
    }

    [Fact]
    public void MoreThreadsThanProcessorsAreRefused()
    {
        SettingsRequest With(int threads) => new() { Stage = Stage.Base, Profile = "tiny", Flags = new SettingOverrides { Threads = threads } };
        Assert.Equal(Environment.ProcessorCount, ConfigResolver.Resolve(With(Environment.ProcessorCount)).Train.Threads);
        var error = Assert.Throws<GptLabException>(() => ConfigResolver.Resolve(With(1000)));
        Assert.Contains($"more than this machine's {Environment.ProcessorCount} processors", error.Message);
    }

    [Fact]
    public void ABatchWhoseActivationsCannotFitInMemoryIsRefusedBeforeAnythingIsAllocated()
    {
        SettingsRequest With(int batch) => new() { Stage = Stage.Base, Profile = "cpu", Flags = new SettingOverrides { BatchSize = batch } };
        Assert.Equal(64, ConfigResolver.Resolve(With(64)).Train.BatchSize);
        foreach (var batch in new[] { 100_000_000, int.MaxValue }) // once an OverflowException
        {
            var error = Assert.Throws<GptLabException>(() => ConfigResolver.Resolve(With(batch)));
            Assert.Contains($"batch_size={batch} with block_size=64 needs about", error.Message);
            Assert.Contains("use a smaller --batch-size", error.Message);
        }
        var cpu = ConfigResolver.Resolve(With(64));
        Assert.True(cpu.BatchActivationBytes() < 1e9, $"{cpu.BatchActivationBytes():N0} bytes for the cpu profile's shape at batch 64");
    }

    [Fact]
    public void TheProfileComesFromTheFlagThenTheEnvironmentThenCpu()
    {
        var saved = Environment.GetEnvironmentVariable(ConfigResolver.ProfileVariable);
        try
        {
            Environment.SetEnvironmentVariable(ConfigResolver.ProfileVariable, null);
            Assert.Equal("cpu", ConfigResolver.ProfileName());
            Environment.SetEnvironmentVariable(ConfigResolver.ProfileVariable, "tiny");
            Assert.Equal("tiny", ConfigResolver.ProfileName());
            Assert.Equal("gpu", ConfigResolver.ProfileName("gpu"));
            Assert.Equal(Presets.For(Stage.Sft, "tiny"), ConfigResolver.Resolve(Stage.Sft));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ConfigResolver.ProfileVariable, saved);
        }
    }

    [Fact]
    public void EveryStageHasEveryCourseProfileAndThePrecisionIsASetting()
    {
        foreach (var stage in Stage.All)
            foreach (var profile in new[] { "tiny", "cpu", "gpu" })
                Assert.Equal(stage, ConfigResolver.Resolve(stage, profile).Stage);
        Assert.Equal(Precision.BFloat16, Presets.For(Stage.Base, "gpu").Dtype);
        Assert.Equal(Precision.BFloat16, Presets.For(Stage.Classifier, "chat-gpu").Dtype);
        Assert.Equal(Precision.Float32, Presets.For(Stage.Sft, "cpu").Dtype);
        Assert.Contains("tiny, cpu, gpu", Assert.Throws<GptLabException>(() => Presets.For(Stage.Classifier, "huge")).Message);
    }

    [Theory]
    [InlineData("base")]
    [InlineData("sft")]
    [InlineData("classifier")]
    public void PrintedSettingsReadBackAsTheSame(string stage)
    {
        var changed = ConfigResolver.Resolve(new SettingsRequest { Stage = stage, Profile = "tiny", Flags = new SettingOverrides { Seed = 99, LearningRate = 5e-3 } });
        var printed = ConfigFile.Print(changed);
        var again = ConfigResolver.Resolve(stage, "cpu", ConfigFileWith(printed)); // another profile: the file decides every key
        Assert.Equal(printed, ConfigFile.Print(again));
        Assert.Equal(Stage.InheritsModel(stage), JsonNode.Parse(printed)!["model"] is null);
    }

    [Fact]
    public void AFineTuningConfigCannotSetTheShapeItTakesFromItsBase()
    {
        var file = ConfigFileWith("""{"model": {"n_layer": 8}}""");
        var error = Assert.Throws<GptLabException>(() => ConfigResolver.Resolve(Stage.Sft, "tiny", file));
        Assert.Contains("sets 'model'", error.Message);
        Assert.Contains("gptlab sft", error.Message);
        var stage = Assert.Throws<GptLabException>(() => ConfigResolver.Resolve(Stage.Base, "tiny", ConfigFileWith("""{"stage": "sft"}""")));
        Assert.Contains("remove \"stage\"", stage.Message);
        var typo = Assert.Throws<GptLabException>(() => ConfigResolver.Resolve(Stage.Base, "tiny", ConfigFileWith("""{"train": {"max_stepz": 3}}""")));
        Assert.Contains("max_stepz", typo.Message);
    }

    [Fact]
    public void AFilesTrainingCountsPerFamilyReplaceTheProfilesWhole()
    {
        Assert.Equal(30000, Presets.For(Stage.Sft, "cpu").Sft!.TrainByFamily["arithmetic"]);
        var config = ConfigResolver.Resolve(Stage.Sft, "cpu", ConfigFileWith("""{"sft": {"train_by_family": {"copy": 9000}}}"""));
        Assert.Equal(new Dictionary<string, int> { ["copy"] = 9000 }, config.Sft!.TrainByFamily);
        Assert.Empty(ConfigResolver.Resolve(Stage.Sft, "cpu", ConfigFileWith("""{"sft": {"train_by_family": {}}}""")).Sft!.TrainByFamily);
        Assert.Equal(config.Sft.TrainByFamily, ConfigResolver.Resolve(Stage.Sft, "tiny", ConfigFileWith(ConfigFile.Print(config))).Sft!.TrainByFamily);
        var error = Assert.Throws<GptLabException>(() => ConfigResolver.Resolve(Stage.Sft, "cpu", ConfigFileWith("""{"sft": {"train_by_family": {"copy": 0}}}""")));
        Assert.Contains("train_by_family.copy=0", error.Message);
    }

    [Fact]
    public void AConfigWrittenBeforeTheDataSectionIsUpgraded()
    {
        // The layout of config.json and --config files until 2026-12: data keys and dtype inside "train".
        var old = """
            {"model": {"n_layer": 2}, "train": {"data": "data/x.txt", "tokenizer": "bpe", "bpe_vocab_size": 300,
             "special_tokens": ["<|endoftext|>"], "val_fraction": 0.05, "dtype": "bfloat16", "max_steps": 12}}
            """;
        var config = ConfigResolver.Resolve(Stage.Base, "tiny", ConfigFileWith(old));
        Assert.Equal(("data/x.txt", "bpe", 300, 0.05), (config.Data.Corpus, config.Data.Tokenizer, config.Data.BpeVocabSize, config.Data.ValFraction));
        Assert.Equal(["<|endoftext|>"], config.Data.SpecialTokens);
        Assert.Equal((Precision.BFloat16, 12, 2), (config.Dtype, config.Train.MaxSteps, config.Model.NLayer));
    }

    [Fact]
    public void AConfigWithLoraInItsSftSectionIsUpgraded()
    {
        // Until 2026-12-08 the LoRA settings were fine-tuning's own; they are train's now, shared with dpo and rl.
        var config = ConfigResolver.Resolve(Stage.Sft, "tiny", ConfigFileWith("""{"sft": {"lora_rank": 4, "lora_alpha": 16, "epochs": 1}}"""));
        Assert.Equal((4, 16.0, 1.0), (config.Train.LoraRank, config.Train.LoraAlpha, config.Sft!.Epochs));
        Assert.DoesNotContain("lora", System.Text.Json.JsonSerializer.Serialize(config.Sft, Json.Options));
    }
}
