using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GptLab.Tests.Architecture;

/// <summary>
/// Which folders of the library use which, read from GptLab.dll's metadata and IL with Mono.Cecil: every type a folder's
/// code names (base types, fields, signatures, locals, the operands of its instructions, attributes, generic arguments).
/// A folder is a namespace under GptLab ("Data.Tasks" for GptLab.Data.Tasks, "(root)" for GptLab itself); the compiler's
/// closures count for the folder of the type they were written in.
/// </summary>
internal sealed class FolderGraph
{
    public const string Root = "(root)";

    /// <summary>A graph given by hand (tests of the checker itself); <see cref="Read"/> builds the real one.</summary>
    internal FolderGraph(IReadOnlyDictionary<string, HashSet<(string Folder, string Because)>> uses, IReadOnlyDictionary<string, HashSet<string>> external)
    {
        Uses = uses;
        External = external;
    }

    /// <summary>Folder → the other folders its code uses, each with one example ("Type → Type").</summary>
    public IReadOnlyDictionary<string, HashSet<(string Folder, string Because)>> Uses { get; }

    /// <summary>Folder → the external assemblies its code uses (TorchSharp, Plotly.NET, …).</summary>
    public IReadOnlyDictionary<string, HashSet<string>> External { get; }

    public IEnumerable<string> Folders => Uses.Keys;

    public static FolderGraph Read(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var uses = new Dictionary<string, HashSet<(string, string)>>();
        var external = new Dictionary<string, HashSet<string>>();
        foreach (var type in module.GetTypes())
        {
            var folder = FolderOf(type);
            if (folder is null) continue; // <Module>, <PrivateImplementationDetails>
            var used = uses.TryGetValue(folder, out var u) ? u : uses[folder] = [];
            var assemblies = external.TryGetValue(folder, out var e) ? e : external[folder] = [];
            foreach (var reference in ReferencedTypes(type))
            {
                if (reference.Scope is AssemblyNameReference assembly)
                {
                    assemblies.Add(assembly.Name);
                    continue;
                }
                if (FolderOf(reference) is not { } target || target == folder) continue;
                used.Add((target, $"{type.FullName} → {reference.FullName}"));
            }
        }
        // One example per folder pair is enough for a message.
        var dedup = uses.ToDictionary(kv => kv.Key, kv => kv.Value.GroupBy(x => x.Item1).Select(g => g.First()).ToHashSet());
        return new FolderGraph(dedup, external);
    }

    /// <summary>A cycle among the folders (its folders in order, the first repeated at the end), or null when there is none.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var state = Folders.ToDictionary(f => f, _ => 0); // 0 unvisited, 1 on the stack, 2 done
        var stack = new List<string>();
        foreach (var start in Folders)
            if (state[start] == 0 && Visit(start) is { } cycle) return cycle;
        return null;

        IReadOnlyList<string>? Visit(string folder)
        {
            state[folder] = 1;
            stack.Add(folder);
            foreach (var (next, _) in Uses[folder])
            {
                if (!state.ContainsKey(next)) continue;
                if (state[next] == 1) return [.. stack.Skip(stack.IndexOf(next)), next];
                if (state[next] == 0 && Visit(next) is { } cycle) return cycle;
            }
            stack.RemoveAt(stack.Count - 1);
            state[folder] = 2;
            return null;
        }
    }

    private static string? FolderOf(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType; // nested and compiler-generated types
        var ns = type.Namespace;
        if (ns == "GptLab") return Root;
        return ns.StartsWith("GptLab.", StringComparison.Ordinal) ? ns["GptLab.".Length..] : null;
    }

    private static IEnumerable<TypeReference> ReferencedTypes(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null or GenericParameter: return;
                case GenericInstanceType g:
                    Add(g.ElementType);
                    foreach (var argument in g.GenericArguments) Add(argument);
                    return;
                case TypeSpecification spec: // arrays, by-ref, pointers, modifiers
                    Add(spec.ElementType);
                    return;
                default:
                    found.Add(t);
                    return;
            }
        }
        void AddMethod(MethodReference m)
        {
            Add(m.DeclaringType);
            Add(m.ReturnType);
            foreach (var p in m.Parameters) Add(p.ParameterType);
            if (m is GenericInstanceMethod gm) foreach (var argument in gm.GenericArguments) Add(argument);
        }
        void AddAttributes(ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes) Add(attribute.AttributeType);
        }

        Add(type.BaseType);
        AddAttributes(type);
        foreach (var i in type.Interfaces) Add(i.InterfaceType);
        foreach (var f in type.Fields) { Add(f.FieldType); AddAttributes(f); }
        foreach (var p in type.Properties) { Add(p.PropertyType); AddAttributes(p); }
        foreach (var e in type.Events) Add(e.EventType);
        foreach (var m in type.Methods)
        {
            AddMethod(m);
            AddAttributes(m);
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) Add(v.VariableType);
            foreach (var instruction in m.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t: Add(t); break;
                    case MethodReference mr: AddMethod(mr); break;
                    case FieldReference fr: Add(fr.DeclaringType); Add(fr.FieldType); break;
                }
            }
        }
        return found;
    }
}
