using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace GptLab.Cli;

/// <summary>
/// Turns Spectre.Console.Cli's parse errors into one line that names the option and the fix: the closest valid option
/// for a mistyped one, the expected kind of value for one that does not convert.
/// </summary>
internal static partial class UsageErrors
{
    private static readonly Dictionary<string, Type> Settings = [];

    /// <summary>Remembers the settings type of <paramref name="commandType"/> (a <c>Command&lt;TSettings&gt;</c>) under its verb.</summary>
    public static void Register(string verb, Type commandType)
    {
        for (var t = commandType; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Command<>)) Settings[verb] = t.GetGenericArguments()[0];
    }

    public static string Explain(CommandAppException e, string[] args)
    {
        var verb = args.FirstOrDefault(a => !a.StartsWith('-'));
        var help = verb is not null && Settings.ContainsKey(verb) ? $"gptlab {verb} --help" : "gptlab --help";
        if (UnknownOption().Match(e.Message) is { Success: true } unknown)
        {
            var typed = unknown.Groups[1].Value;
            var closest = Closest(typed, Options(verb).Select(o => o.Name));
            return closest is null
                ? $"unknown option --{typed} (see {help})"
                : $"unknown option --{typed}: did you mean --{closest}? (see {help})";
        }
        if (FailedConversion().Match(e.Message) is { Success: true } conversion)
        {
            var value = conversion.Groups[1].Value;
            var index = Array.LastIndexOf(args, value);
            var flag = index > 0 && args[index - 1].StartsWith("--", StringComparison.Ordinal) ? args[index - 1][2..] : null;
            var option = Options(verb).FirstOrDefault(o => o.Name == flag);
            return option.Name is null
                ? $"'{value}' is not a valid value: {e.Message.TrimEnd('.')} (see {help})"
                : $"--{option.Name} '{value}' is not {Describe(option.Type)} (see {help})";
        }
        return $"{e.Message.TrimEnd('.')} (see {help})";
    }

    private static IEnumerable<(string Name, Type Type)> Options(string? verb) =>
        verb is not null && Settings.TryGetValue(verb, out var settings)
            ? settings.GetProperties()
                .Select(p => (p, attribute: p.GetCustomAttribute<CommandOptionAttribute>()))
                .Where(x => x.attribute is not null)
                .SelectMany(x => x.attribute!.LongNames.Select(n => (n, Nullable.GetUnderlyingType(x.p.PropertyType) ?? x.p.PropertyType)))
            : [];

    private static string Describe(Type type) => type == typeof(int) || type == typeof(long)
        ? "a whole number"
        : type == typeof(double) || type == typeof(float) ? "a number (e.g. 0.001 or 1e-3)" : $"a {type.Name}";

    // The valid option nearest to what was typed, when it is near enough to be a typo.
    private static string? Closest(string typed, IEnumerable<string> options) =>
        options.Select(o => (Option: o, Distance: Distance(typed, o))).Where(x => x.Distance <= Math.Max(2, typed.Length / 3))
            .OrderBy(x => x.Distance).Select(x => x.Option).FirstOrDefault();

    // Levenshtein distance: insertions, deletions and substitutions, one row at a time.
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(above + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    [GeneratedRegex(@"Unknown option '([^']+)'")]
    private static partial Regex UnknownOption();

    [GeneratedRegex(@"Failed to convert '([^']*)'")]
    private static partial Regex FailedConversion();
}
