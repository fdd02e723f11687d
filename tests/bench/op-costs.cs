// Where a cpu-profile training step's forward and backward time goes, op kind by op kind: each op at the cpu
// profile's shapes (B=12, T=64, C=128, 4 heads, 4 layers, 65 characters) run forward and backward with autograd on,
// best of three rounds, times how often one step runs it. Compare the sum with `gptlab bench`'s step_ms_forward +
// step_ms_backward: the difference is what the ops' own timings do not hold (autograd bookkeeping, views).
//     dotnet run tests/bench/op-costs.cs        (alone on the machine: a second libtorch process spoils the timings)
#:package TorchSharp
#:project ../../lib/GptLab/GptLab.csproj
#:property PublishAot=false

using System.Diagnostics;
using GptLab.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

TorchRuntime.EnsureLoaded(); // libtorch with the Linux compatibility fix
const int B = 12, T = 64, C = 128, H = 4, V = 65, L = 4, N = B * T;

Tensor Weight(params long[] shape) => (randn(shape) * 0.02).requires_grad_();
var x = Weight(B, T, C);
var hidden = Weight(B, T, 4 * C);
var (q, k, v) = (Weight(B, H, T, C / H), Weight(B, H, T, C / H), Weight(B, H, T, C / H));
var (wqkv, bqkv, wo, bo) = (Weight(3 * C, C), Weight(3 * C), Weight(C, C), Weight(C));
var (wfc, bfc, wp, bp) = (Weight(4 * C, C), Weight(4 * C), Weight(C, 4 * C), Weight(C));
var (wte, lnw, lnb) = (Weight(V, C), ones(C).requires_grad_(), zeros(C).requires_grad_());
var ids = randint(0, V, [N]);
var targets = randint(0, V, [N]);

var ops = new (string Name, int PerStep, Func<Tensor> Run)[]
{
    ("linear qkv 128→384", L, () => F.linear(x, wqkv, bqkv)),
    ("linear attention proj 128→128", L, () => F.linear(x, wo, bo)),
    ("linear fc 128→512", L, () => F.linear(x, wfc, bfc)),
    ("linear mlp proj 512→128", L, () => F.linear(hidden, wp, bp)),
    ("heads: split, transpose, merge", L, () => x.view(B, T, H, C / H).transpose(1, 2).transpose(1, 2).contiguous().view(B, T, C)),
    ("causal sdpa (12, 4, 64, 32)", L, () => F.scaled_dot_product_attention(q, k, v, is_casual: true)),
    ("layer norm (768 × 128)", 2 * L + 1, () => F.layer_norm(x, [C], lnw, lnb)),
    ("exact GELU (768 × 512)", L, () => F.gelu(hidden)),
    ("residual add", 2 * L, () => x + x),
    ("token embedding (gather)", 1, () => wte.index_select(0, ids)),
    ("lm head 128→65 + cross-entropy", 1, () => F.cross_entropy(F.linear(x.view(N, C), wte), targets)),
};

double Milliseconds(Func<Tensor> run, bool backward, int reps = 300)
{
    var best = double.MaxValue;
    for (var round = 0; round < 4; round++) // round 0 warms up
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < reps; i++)
        {
            using var scope = NewDisposeScope();
            var y = run();
            if (backward) y.backward([ones_like(y)]);
        }
        if (round > 0) best = Math.Min(best, clock.Elapsed.TotalMilliseconds / reps);
    }
    return best;
}

Console.WriteLine($"libtorch {__version__}, {get_num_threads()} threads, {Environment.ProcessorCount} processors");
Console.WriteLine($"{"op",-32} {"×",3} {"fwd ms",8} {"fwd+bwd ms",11} {"per step ms",12}");
var total = 0.0;
foreach (var (name, perStep, run) in ops)
{
    var (forward, both) = (Milliseconds(run, backward: false), Milliseconds(run, backward: true));
    total += both * perStep;
    Console.WriteLine($"{name,-32} {perStep,3} {forward,8:F3} {both,11:F3} {both * perStep,12:F2}");
}
Console.WriteLine($"{"sum (forward + backward)",-32} {"",3} {"",8} {"",11} {total,12:F1}");
