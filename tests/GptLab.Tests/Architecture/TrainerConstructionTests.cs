using GptLab.Model;
using GptLab.Training;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GptLab.Tests.Architecture;

/// <summary>
/// One home per stage: outside the stage layer (<c>GptLab.Stages</c>) no code of the library or the CLI builds the
/// <see cref="Trainer"/>, so a stage's recipe is written once and every caller opens the stage.
/// </summary>
public class TrainerConstructionTests
{
    [Fact]
    public void OnlyTheStagesConstructTheTrainer()
    {
        var builders = new[] { typeof(Gpt).Assembly.Location, typeof(GptLab.Cli.Commands.PretrainCommand).Assembly.Location }
            .SelectMany(path => Constructing(path, nameof(Trainer)))
            .ToList();
        Assert.Contains(builders, b => b.StartsWith("GptLab.Stages.", StringComparison.Ordinal)); // the reader does see the stages' own
        Assert.True(builders.All(b => b.StartsWith("GptLab.Stages.", StringComparison.Ordinal)), "built outside GptLab.Stages: " + string.Join(", ", builders));
    }

    [Fact]
    public void TheReaderSeesAConstructionOutsideTheStages()
    {
        // This test assembly builds trainers itself (the loop's own tests): the reader must find them.
        Assert.Contains(Constructing(typeof(TrainerConstructionTests).Assembly.Location, nameof(Trainer)), b => b.StartsWith("GptLab.Tests.", StringComparison.Ordinal));
    }

    // The types (closures count for the type they were written in) whose IL calls a constructor of GptLab.Training.<typeName>.
    private static IEnumerable<string> Constructing(string assemblyPath, string typeName)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var found = new List<string>();
        foreach (var type in module.GetTypes())
            foreach (var method in type.Methods.Where(m => m.HasBody))
                if (method.Body.Instructions.Any(i => i.OpCode == OpCodes.Newobj && i.Operand is MethodReference ctor && ctor.DeclaringType.FullName == $"GptLab.Training.{typeName}"))
                    found.Add(Outermost(type).FullName);
        return found.Distinct();
    }

    private static TypeDefinition Outermost(TypeDefinition type) => type.DeclaringType is { } outer ? Outermost(outer) : type;
}
