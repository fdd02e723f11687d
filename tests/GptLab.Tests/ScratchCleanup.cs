using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("GptLab.Tests.ScratchCleanup", "GptLab.Tests")]

namespace GptLab.Tests;

/// <summary>
/// xunit's own test framework, which also deletes this run's scratch folder (<see cref="TestPaths.NewTempFolder"/>)
/// when the runner disposes it at the end of the run: the test host is stopped soon after the last test, often before
/// a process-exit handler runs, and a test run is to leave nothing behind in the temp folder.
/// </summary>
public sealed class ScratchCleanup(IMessageSink messageSink) : XunitTestFramework(messageSink), IDisposable
{
    // Re-implemented, so the runner's call through IDisposable comes here first.
    void IDisposable.Dispose()
    {
        TestPaths.DeleteScratch();
        Dispose();
    }
}
