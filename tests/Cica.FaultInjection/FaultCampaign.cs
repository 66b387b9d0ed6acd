namespace Cica.FaultInjection;

/// <summary>
/// Runs a list of faults on one five-process suite, each fault with countries of its own (the
/// figures of a fault are what changed during it); the one-process fault has a platform of its own.
/// </summary>
public static class FaultCampaign
{
    /// <summary>Runs <paramref name="faults"/> under <paramref name="root"/>; one result per fault, failures included.</summary>
    public static async Task<IReadOnlyList<FaultResult>> RunAsync(IReadOnlyList<Fault> faults, bool quick, string root, Action<string> log)
    {
        var shape = quick ? StreamShape.Quick : StreamShape.Full;
        var results = new List<FaultResult>();
        Suite? shared = null;
        var next = 0; // the shared suite's next unused country
        try
        {
            foreach (var fault in faults)
            {
                log($"fault {fault.Key}: {fault.Title}");
                Suite? own = null;
                try
                {
                    IReadOnlyList<string> countries;
                    Suite suite;
                    var folder = Path.Combine(root, fault.Key);
                    if (fault.OneProcess)
                    {
                        var clock = System.Diagnostics.Stopwatch.StartNew();
                        suite = own = await Suite.StartOneProcessAsync(folder);
                        log($"  one-process platform serving in {clock.Elapsed.TotalSeconds:F1} s");
                        countries = [.. AccessionDriver.Applicants.Take(shape.Countries)];
                    }
                    else
                    {
                        suite = shared ??= await StartLoggedAsync(Path.Combine(root, "suite"), log);
                        countries = [.. AccessionDriver.Applicants.Skip(next).Take(shape.Countries)];
                        next += shape.Countries;
                    }
                    var result = await FaultRunner.RunAsync(fault, suite, countries, shape, log);
                    log($"  {fault.Key}: committed {result.Committed}, lost {result.Lost}, duplicates delivered {result.DuplicatesDelivered}, applied {result.DuplicatesApplied}");
                    results.Add(result);
                }
                catch (Exception ex)
                {
                    // The message may carry a process's whole output: its head says what failed.
                    var text = ex.ToString();
                    log($"  {fault.Key}: FAILED {(text.Length > 3000 ? text[..3000] + " …" : text)}");
                    var first = ex.Message.Split('\n')[0];
                    results.Add(new FaultResult(fault.Key, fault.Title, 0, 0, 0, 0, 0, 0, null, "", new Dictionary<string, IReadOnlyList<string>>(), 0, 0, $"{ex.GetType().Name}: {first}"));
                }
                finally
                {
                    if (own is not null) await own.DisposeAsync();
                }
            }
        }
        finally
        {
            if (shared is not null) await shared.DisposeAsync();
        }
        return results;
    }

    private static async Task<Suite> StartLoggedAsync(string folder, Action<string> log)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var suite = await Suite.StartAsync(folder);
        log($"  five processes serving in {clock.Elapsed.TotalSeconds:F1} s");
        return suite;
    }
}
