using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("GptLab.Tests.CourseTestFramework", "GptLab.Tests")]

namespace GptLab.Tests;

/// <summary>
/// xunit's own test framework with two changes. Test classes marked <see cref="RunsBesideTheRestAttribute"/> (the
/// notebook runs, which wait on child processes) run beside the other tests rather than between them
/// (<see cref="BesideTheRestRunner"/>; every libtorch of the run computes on one thread: <see cref="TorchFixture.Initialize"/>).
/// And this run's scratch folder (<see cref="TestPaths.NewTempFolder"/>) is deleted when the runner disposes the framework at the end of the run: the test host is stopped soon after the last test,
/// often before a process-exit handler runs, and a test run is to leave nothing behind in the temp folder.
/// </summary>
public sealed class CourseTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink), IDisposable
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new BesideTheRestExecutor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    // Re-implemented, so the runner's call through IDisposable comes here first.
    void IDisposable.Dispose()
    {
        TestPaths.DeleteScratch();
        Dispose();
    }
}
