namespace GptLab.Tests.Notebooks;

/// <summary>One headless run of a notebook: the dotnet-repl process and the executed notebook it wrote (if any).</summary>
internal sealed record NotebookRun(DotnetProcess.Result Process, string Executed);
