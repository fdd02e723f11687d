using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace GptLab.Plots;

/// <summary>
/// Lets Plotly.NET run where an older FSharp.Core is already loaded. Plotly.NET 6 is compiled against
/// FSharp.Core 10.1, but notebook kernels ship and load FSharp.Core 10.0 first; the runtime then cannot
/// satisfy the 10.1 request and the first chart call fails. The API Plotly.NET uses exists in both, so
/// handing back the loaded copy is safe.
/// </summary>
internal static class FSharpCoreRedirect
{
    private static int _registered;

#pragma warning disable CA2255 // FSharp.Core must be resolvable before any chart, whichever GptLab type is touched first.
    [ModuleInitializer]
    internal static void InitializeModule() => Register();
#pragma warning restore CA2255

    /// <summary>Registers the handler once per process; later calls do nothing.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += Resolve;
    }

    // Resolving runs only after normal probing failed, so an available matching FSharp.Core always wins.
    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName requested) =>
        requested.Name == "FSharp.Core"
            ? AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "FSharp.Core")
            : null;
}
