using GptLab.Data;

namespace GptLab.Training;

/// <summary>
/// The order a preference objective visits its <paramref name="count"/> pairs: epoch k / count of the run is a
/// permutation drawn from (<paramref name="seed"/>, epoch), so a resumed run replays the same pairs in the same batches.
/// </summary>
internal sealed class PairOrder(int count, long seed)
{
    private (long Epoch, int[] Order) _epochOrder = (-1, []);

    /// <summary>The pair at position <paramref name="k"/> of the run (positions arrive in order: one epoch's order is kept).</summary>
    public int At(long k)
    {
        var epoch = k / count;
        if (_epochOrder.Epoch != epoch)
        {
            var order = Enumerable.Range(0, count).ToArray();
            new Random(StepSeed.For(seed, epoch, -1)).Shuffle(order);
            _epochOrder = (epoch, order);
        }
        return _epochOrder.Order[k % count];
    }
}
