using System.Diagnostics;
using Plotly.NET;

namespace GptLab.Plots;

/// <summary>
/// A chart that a running cell redraws in place (e.g. the loss curve during training). Updates arrive
/// every step but are drawn at most once per interval: rewriting the chart's HTML file, or sending the chart
/// to the notebook, every step would slow training down. <see cref="Dispose"/> draws the last update.
/// </summary>
public sealed class LiveChart : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Action<GenericChart> _draw;
    private readonly TimeSpan _interval;
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    private GenericChart? _pending;

    internal LiveChart(Action<GenericChart> draw, TimeSpan interval)
    {
        _draw = draw;
        _interval = interval;
    }

    /// <summary>How many times the chart was actually redrawn (the initial chart not counted).</summary>
    public int Draws { get; private set; }

    /// <summary>Replaces the chart; drawn now when the interval has passed, otherwise kept for later.</summary>
    public void Update(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        lock (_gate)
        {
            _pending = chart;
            if (_sinceDraw.Elapsed >= _interval) DrawPending();
        }
    }

    /// <summary>Draws the latest update if it has not been drawn yet.</summary>
    public void Flush()
    {
        lock (_gate) DrawPending();
    }

    /// <summary>Same as <see cref="Flush"/>: the final state is always drawn.</summary>
    public void Dispose() => Flush();

    private void DrawPending()
    {
        if (_pending is null) return;
        _draw(_pending);
        _pending = null;
        Draws++;
        _sinceDraw.Restart();
    }
}
