namespace GptLab.Tests;

/// <summary>
/// Test categories, as xunit traits: <c>[Trait("Category", TestCategory.Slow)]</c> marks a class whose tests run
/// notebooks, start CLI processes or train for seconds. The fast loop while working leaves them out:
/// <c>dotnet test Course.sln --filter "Category!=Slow"</c>; CI runs everything.
/// </summary>
internal static class TestCategory
{
    public const string Slow = "Slow";
}
