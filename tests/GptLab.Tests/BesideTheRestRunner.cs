using Xunit.Abstractions;
using Xunit.Sdk;

namespace GptLab.Tests;

/// <summary>
/// Runs the test collections one at a time, as xunit does with parallelisation off (xunit.runner.json), except those
/// of classes marked <see cref="RunsBesideTheRestAttribute"/>: they run in order on a second lane, started first.
/// </summary>
internal sealed class BesideTheRestRunner(ITestAssembly assembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink,
    IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
    : XunitTestAssemblyRunner(assembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
{
    protected override async Task<RunSummary> RunTestCollectionsAsync(IMessageBus messageBus, CancellationTokenSource cancellation)
    {
        var lanes = OrderTestCollections().ToLookup(collection =>
            collection.Item2.Any(t => t.TestMethod.TestClass.Class.GetCustomAttributes(typeof(RunsBesideTheRestAttribute)).Any()));
        async Task<RunSummary> InOrder(IEnumerable<Tuple<ITestCollection, List<IXunitTestCase>>> lane)
        {
            var summary = new RunSummary();
            foreach (var (collection, cases) in lane)
            {
                if (cancellation.IsCancellationRequested) break;
                summary.Aggregate(await RunTestCollectionAsync(messageBus, collection, cases, cancellation));
            }
            return summary;
        }
        var beside = Task.Run(() => InOrder(lanes[true]));
        var rest = await InOrder(lanes[false]);
        rest.Aggregate(await beside);
        return rest;
    }
}
