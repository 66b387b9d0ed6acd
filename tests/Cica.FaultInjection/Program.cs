// The fault-injection command (issue 13):
//   dotnet run -c Release --project tests/Cica.FaultInjection -- [--quick] [--only broker-kill,producer-kill]
// Prints one table and writes results.md and results.json under .artifacts/faults/<timestamp>/.
// Exit code 0 when no fault lost an event or applied one twice, 1 otherwise.
using Cica.FaultInjection;

var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var faults = Faults.All.Where(f => only is null ? true : only.Contains(f.Key)).ToList();
if (faults.Count == 0)
{
    Console.Error.WriteLine($"no fault named {string.Join(',', only ?? [])}; known: {string.Join(", ", Faults.All.Select(f => f.Key))}");
    return 2;
}

var repository = Repository.Root();
var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
var work = Directory.CreateTempSubdirectory("cica-faults-").FullName;
void Log(string line) => Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}");

IReadOnlyList<FaultResult> results;
await using (var broker = await PrivateBroker.EnsureAsync(repository, Log))
{
    // Interrupted (Ctrl+C, SIGTERM): leave no platform process and no private broker behind.
    void Abandon(System.Runtime.InteropServices.PosixSignalContext _)
    {
        Log("interrupted: killing the platform's processes and the private broker");
        Suite.KillEverything();
        broker.Destroy();
    }
    using var onInt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Abandon);
    using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Abandon);
    results = await FaultCampaign.RunAsync(faults, quick, work, Log);
}

var machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
var folder = Path.Combine(repository, ".artifacts", "faults", stamp);
await Report.WriteAsync(folder, results, machine, quick);
Console.WriteLine(Report.Table(results));
Console.WriteLine($"written to {Path.GetRelativePath(repository, folder)}/results.md and results.json");
try { Directory.Delete(work, recursive: true); } catch (IOException) { }
return results.All(r => r.Passed) ? 0 : 1;

/// <summary>The repository's root: the folder holding Cica.Platform.sln, above the working directory or the program.</summary>
internal static class Repository
{
    public static string Root()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Cica.Platform.sln"))) return dir.FullName;
        throw new InvalidOperationException("run it inside the repository (no Cica.Platform.sln found above)");
    }
}
