using GptLab.Configuration;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Cli.Commands;

/// <summary>
/// The runs a checkpoint was made from, loaded by following each config's parent: nearest first (an SFT run, then its
/// base). A base run ends the chain (its parent, if any, is the folder an import read, not a GptLab run), and so does a
/// parent whose checkpoint is gone. Disposes what it loaded.
/// </summary>
internal sealed class Ancestors : IDisposable
{
    private readonly List<Checkpoint> _runs = [];

    public Ancestors(Checkpoint run, Device device)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { Path.GetFullPath(run.Folder) };
        for (var (parent, stage) = (run.Meta.Config.Parent, run.Meta.Config.Stage); stage != Stage.Base && parent is not null && Checkpoint.Locate(parent) is not null && seen.Add(Path.GetFullPath(parent));
             (parent, stage) = (_runs[^1].Meta.Config.Parent, _runs[^1].Meta.Config.Stage))
            _runs.Add(Checkpoint.LoadLanguageModel(parent, device));
    }

    /// <summary>Nearest first.</summary>
    public IReadOnlyList<Checkpoint> Runs => _runs;

    public void Dispose()
    {
        foreach (var run in _runs) run.Dispose();
    }
}
