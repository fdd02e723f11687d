#:project ../../lib/GptLab/GptLab.csproj
#:property PublishAot=false
// Regenerates every results block of docs/*.md from the committed result files they name (docs/results/*.json):
//   dotnet run tests/science/refresh-docs.cs
// The numbers in the docs' tables are these blocks; ScienceResultTests fails when a block and its file disagree.
using GptLab.Experiments.Lab;
using GptLab.IO;

var root = RepoPaths.Root ?? throw new InvalidOperationException("run it inside the repository: dotnet run tests/science/refresh-docs.cs");
foreach (var doc in Directory.GetFiles(Path.Combine(root, "docs"), "*.md"))
{
    var text = File.ReadAllText(doc);
    var refreshed = ResultBlocks.Refresh(text, root);
    if (refreshed == text) continue;
    File.WriteAllText(doc, refreshed);
    Console.WriteLine($"refreshed {Path.GetRelativePath(root, doc)}");
}
