namespace Crm.Tests.Data;

/// <summary>
/// No line over 160 characters in the repository's own sources (issue 15): wide lines are how files stayed short, so a long line is
/// split by responsibility instead. Scans every *.cs, *.ts and *.vue file under the repository root, as git ls-files would list them.
/// </summary>
public class LineLengthTests
{
    private const int MaxLength = 160;

    private static readonly string[] Extensions = [".cs", ".ts", ".vue"];

    // Build output, packages and generated code: not written by a person, not in git.
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal)
    {
        ".git", "bin", "obj", "node_modules", "wwwroot", "dist", "TestResults", ".vs", ".idea", "artifacts", ".cluster",
    };

    [Fact]
    public void No_line_is_longer_than_160_characters()
    {
        var root = RepositoryRoot();
        var sources = SourceFiles(root).ToList();
        Assert.Contains(sources, f => f.EndsWith("Crm.Tests/Data/LineLengthTests.cs", StringComparison.Ordinal)); // the scan sees the real tree

        var grown = sources
            .SelectMany(f => LongLines(Path.Combine(root, f)).Select(l => $"{f}:{l.Number} ({l.Length} characters)"))
            .ToList();
        Assert.True(grown.Count == 0,
            $"Lines over {MaxLength} characters (wrap them, or extract a method where the line does too much):\n{string.Join("\n", grown)}");
    }

    private static List<(int Number, int Length)> LongLines(string path) =>
        File.ReadLines(path)
            .Select((line, i) => (Number: i + 1, line.Length))
            .Where(l => l.Length > MaxLength)
            .ToList();

    /// <summary>Repository-relative paths with '/' separators; generated client declarations (src/api/*.d.ts) are skipped.</summary>
    private static IEnumerable<string> SourceFiles(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir).Where(d => !SkippedFolders.Contains(Path.GetFileName(d))))
                pending.Push(sub);
            foreach (var file in Directory.EnumerateFiles(dir).Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.Ordinal)))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (!IsGeneratedApiDeclaration(relative)) yield return relative;
            }
        }
    }

    private static bool IsGeneratedApiDeclaration(string relative) =>
        relative.Contains("/src/api/", StringComparison.Ordinal) && relative.EndsWith(".d.ts", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrmSuite.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("CrmSuite.sln not found above the test output.");
    }
}
