using System.Globalization;
using System.Text;
using GptLab.IO;

namespace GptLab.Experiments.Lab;

/// <summary>
/// The cpu-profile runs that tests/science/run.sh committed in docs/results/, as the notebooks print them under the
/// prose that describes them: every number the text talks about comes from its file, never typed into the text.
/// </summary>
public static class CommittedResults
{
    /// <summary>
    /// Experiment <paramref name="experiment"/>'s committed result: the command and commit, then each measure (baseline first)
    /// with its 95% interval and each seed's value; without a file, the command that makes one.
    /// </summary>
    public static string Describe(string experiment)
    {
        var file = RepoPaths.Resolve($"docs/results/{experiment}.json");
        if (!File.Exists(file)) return $"no committed cpu run of {experiment} in this checkout: bash tests/science/run.sh {experiment} makes one\n";
        var result = Json.ReadFile<ExperimentResult>(file, $"bash tests/science/run.sh {experiment}");
        var text = new StringBuilder();
        text.AppendLine($"committed cpu run: {result.Provenance?.Command} at commit {result.Provenance?.Commit[..7]}, mean over seeds (95% t interval; each seed)");
        foreach (var m in result.Measures.Prepend(result.Baseline))
            text.AppendLine($"  {m.Name}: {N(m.Value)} ({N(m.Low)} to {N(m.High)}){(m.PerSeed is null ? "" : "; " + string.Join(", ", m.PerSeed.Select(N)))}");
        return text.ToString();
    }

    private static string N(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
