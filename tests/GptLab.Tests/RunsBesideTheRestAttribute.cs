namespace GptLab.Tests;

/// <summary>
/// Marks a test class whose tests mostly wait for child processes that use one core each (the notebook runs): its
/// tests run in order on a lane of their own, beside the rest of the suite, which runs one test at a time as before
/// (<see cref="BesideTheRestRunner"/>). The cores the rest leaves idle (process starts, builds, single-threaded
/// work) go to the children; libtorch trainers share the cores rather than fight for them (<c>CoreShare</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsBesideTheRestAttribute : Attribute;
