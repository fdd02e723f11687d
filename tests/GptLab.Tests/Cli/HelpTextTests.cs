using System.ComponentModel;
using System.Reflection;
using GptLab.Cli.Commands;
using Spectre.Console.Cli;

namespace GptLab.Tests.Cli;

/// <summary><c>--help</c> on every verb explains every option: none is listed bare.</summary>
public class HelpTextTests
{
    [Fact]
    public void EveryOptionOfEveryVerbHasADescription()
    {
        var settings = typeof(PretrainCommand).Assembly.GetTypes().Where(t => typeof(CommandSettings).IsAssignableFrom(t)).ToList();
        Assert.Contains(typeof(RunSettings), settings); // the reader sees the shared options too
        var bare = Undescribed(settings).ToList();
        Assert.True(bare.Count == 0, "options without a [Description]: " + string.Join(", ", bare));
    }

    [Fact]
    public void TheCheckerNamesAnOptionWithoutADescription() =>
        Assert.Equal(["Bare.--quiet"], Undescribed([typeof(Bare)]));

    private static IEnumerable<string> Undescribed(IEnumerable<Type> settings) =>
        settings.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.GetCustomAttribute<CommandOptionAttribute>() is not null && p.GetCustomAttribute<DescriptionAttribute>() is null)
            .Select(p => $"{t.Name}.{p.GetCustomAttribute<CommandOptionAttribute>()!.LongNames.Select(n => "--" + n).FirstOrDefault()}"));

    private sealed class Bare : CommandSettings
    {
        [CommandOption("--quiet")] public bool Quiet { get; init; }
        [CommandOption("--loud")][Description("Say it all")] public bool Loud { get; init; }
    }
}
