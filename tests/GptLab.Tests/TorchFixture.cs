using System.Runtime.CompilerServices;
using GptLab.Configuration;
using GptLab.Data;
using GptLab.Model;
using GptLab.Runtime;
using GptLab.Training;
using static TorchSharp.torch;

namespace GptLab.Tests;

/// <summary>Shared, cheap-to-build things for tests that touch torch: the native fix, data, small models.</summary>
internal static class TorchFixture
{
#pragma warning disable CA2255 // tests may call TorchSharp before any GptLab type: load the native bridge first
    /// <summary>
    /// Loads libtorch, and makes every libtorch of the run compute on one thread: this process's (set here, as .NET's
    /// environment is not the native one) and each child's (OMP_NUM_THREADS, which child processes inherit). Three
    /// single-threaded streams (the tests, two notebook runs beside them: <see cref="RunsBesideTheRestAttribute"/>) then
    /// share two cores without OpenMP's spinning threads stealing each other's time, and no thread count changes under
    /// a test that compares runs bit for bit (<c>CoreShare</c> would lower a trainer's count while another trainer runs).
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable("OMP_NUM_THREADS", "1");
        TorchRuntime.EnsureLoaded();
        set_num_threads(1);
    }
#pragma warning restore CA2255

    private static readonly Lazy<TokenDataset> Characters = new(() =>
        TokenDataset.Prepare(TestPaths.Shakespeare, "char", 512, 0.1, TestPaths.NewTempFolder("data")));

    /// <summary>Tiny Shakespeare, character-level, prepared once per test run.</summary>
    public static TokenDataset ShakespeareChars => Characters.Value;

    /// <summary>A small model config over the 65 Shakespeare characters.</summary>
    public static GptConfig SmallConfig(int blockSize = 16, double dropout = 0.0) =>
        new() { VocabSize = 65, BlockSize = blockSize, NLayer = 2, NHead = 2, NEmbd = 32, Dropout = dropout };

    /// <summary>A seeded model, so tests are repeatable.</summary>
    public static Gpt NewModel(GptConfig config, long seed = 1, string dtype = Precision.Float32)
    {
        TorchRuntime.Seed(seed);
        return new Gpt(config, dtype);
    }

    /// <summary>The tiny profile's pretraining preset.</summary>
    public static RunConfig Tiny => Presets.For(Stage.Base, "tiny");

    /// <summary>The tiny profile, shortened, for tests that train.</summary>
    public static RunConfig TinyRun(int maxSteps, int evalInterval = 1000, int checkpointInterval = 1000) => Tiny with
    {
        Model = Tiny.Model with { VocabSize = 65 },
        Train = Tiny.Train with
        {
            MaxSteps = maxSteps, EvalInterval = evalInterval, EvalIters = 2, CheckpointInterval = checkpointInterval, LogInterval = 1,
        },
    };

    /// <summary>
    /// The live tensor count once the garbage of earlier tests is finalized: a tensor some earlier code left to the GC
    /// is disposed by a finalizer at any moment, which would move a count taken in the middle of another test.
    /// </summary>
    public static long SettledTensorCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Tensor.TotalCount;
    }

    /// <summary>(1, T) int64 ids.</summary>
    public static Tensor Ids(params long[] ids) => tensor(ids, [1, ids.Length]);
}
