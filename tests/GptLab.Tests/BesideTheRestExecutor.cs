using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace GptLab.Tests;

/// <summary>xunit's executor, running the assembly with <see cref="BesideTheRestRunner"/>.</summary>
internal sealed class BesideTheRestExecutor(AssemblyName assemblyName, ISourceInformationProvider sourceInformation, IMessageSink diagnosticMessageSink)
    : XunitTestFrameworkExecutor(assemblyName, sourceInformation, diagnosticMessageSink)
{
    protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
    {
        using var runner = new BesideTheRestRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
        await runner.RunAsync();
    }
}
