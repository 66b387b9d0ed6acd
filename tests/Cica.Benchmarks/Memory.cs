using System.Globalization;

namespace Cica.Benchmarks;

/// <summary>
/// Resident memory of a process as the kernel counts it (VmRSS in /proc/PID/status): what the
/// process holds in RAM, managed heap, native code, SQLite page caches and mapped files together.
/// </summary>
public static class Memory
{
    /// <summary>VmRSS of <paramref name="pid"/> in MiB; NaN when /proc does not say (not Linux, process gone).</summary>
    public static double ResidentMiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            if (line is null) return double.NaN;
            var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return kb / 1024.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>Samples a process's VmRSS every 200 ms until disposed, keeping the peak.</summary>
    public sealed class Sampler : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private double _peak = double.NaN;

        private Sampler(int pid) => _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var now = ResidentMiB(pid);
                if (!double.IsNaN(now) && (double.IsNaN(_peak) || now > _peak)) _peak = now;
                try { await Task.Delay(200, _stop.Token); } catch (OperationCanceledException) { }
            }
        });

        /// <summary>The highest VmRSS seen so far, MiB.</summary>
        public double PeakMiB => _peak;

        /// <summary>Starts sampling <paramref name="pid"/>.</summary>
        public static Sampler Start(int pid) => new(pid);

        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }
    }
}
