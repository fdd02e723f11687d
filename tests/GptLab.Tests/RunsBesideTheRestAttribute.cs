namespace GptLab.Tests;

/// <summary>
/// Marks a test class whose tests mostly wait for child processes that use one core each (the notebook runs, the lab's
/// command line): its tests run in order on a lane of their own, beside the rest of the suite, which runs one test at
/// a time as before (<see cref="BesideTheRestRunner"/>). A marked class must not use libtorch in the test process:
/// the tests that count live tensors read a count of the whole process. The time the rest leaves a core idle (process
/// starts, builds, waits) goes to the children; every libtorch of the run computes on one thread
/// (<see cref="TorchFixture.Initialize"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsBesideTheRestAttribute : Attribute;
