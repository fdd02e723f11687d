using GptLab.NotebookTwins;

// dotnet run --project lib/GptLab.NotebookTwins [-- --check] [notebooks folder]
// Writes notebooks/NN-name.cs beside every notebooks/NN-name.ipynb; --check only reports stale twins (exit 1).
var check = args.Contains("--check");
var folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? FindNotebooks();
try
{
    var stale = 0;
    foreach (var (notebook, twin, text) in NotebookTwin.RenderFolder(folder))
    {
        var current = File.Exists(twin) ? File.ReadAllText(twin) : null;
        if (current == text) continue;
        stale++;
        if (check) Console.WriteLine($"stale: {Path.GetFileName(twin)} (from {Path.GetFileName(notebook)})");
        else
        {
            File.WriteAllText(twin, text);
            Console.WriteLine($"wrote {twin}");
        }
    }
    if (stale == 0) Console.WriteLine("twins are up to date");
    return check && stale > 0 ? 1 : 0;
}
catch (InvalidDataException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

static string FindNotebooks()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return Path.Combine(dir.FullName, "notebooks");
    return "notebooks";
}
