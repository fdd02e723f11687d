using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("GptLab.Tests.CourseTestFramework", "GptLab.Tests")]

namespace GptLab.Tests;

/// <summary>
/// xunit's own test framework with three changes. Test classes marked <see cref="RunsBesideTheRestAttribute"/> (the
/// notebook runs, which wait on child processes) run beside the other tests rather than between them
/// (<see cref="BesideTheRestRunner"/>). Every libtorch in the run, the test host's and its children's, runs one thread
/// (<c>OMP_NUM_THREADS=1</c>, set before libtorch loads): three single-threaded streams share two cores without
/// OpenMP's spinning threads stealing each other's time, and a thread count that never changes keeps the tests that
/// compare runs bit for bit deterministic (<c>CoreShare</c> would otherwise change it while another trainer runs). And this run's scratch folder (<see cref="TestPaths.NewTempFolder"/>) is deleted
/// when the runner disposes the framework at the end of the run: the test host is stopped soon after the last test,
/// often before a process-exit handler runs, and a test run is to leave nothing behind in the temp folder.
/// </summary>
public sealed class CourseTestFramework : XunitTestFramework, IDisposable
{
    public CourseTestFramework(IMessageSink messageSink) : base(messageSink) =>
        Environment.SetEnvironmentVariable("OMP_NUM_THREADS", "1");

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new BesideTheRestExecutor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    // Re-implemented, so the runner's call through IDisposable comes here first.
    void IDisposable.Dispose()
    {
        TestPaths.DeleteScratch();
        Dispose();
    }
}
