using Cica.ServiceDefaults.Security;

namespace Cica.Platform;

/// <summary>
/// <c>token --role secretariat|member-state|observer [--country XXX] [--hours N]</c>: prints a
/// development token signed with the data directory's development key (created on first use), which
/// a host with <c>Security:Jwt:TrustDevelopmentKey</c> (the embedded default) accepts.
/// </summary>
public static class DevelopmentTokenCommand
{
    /// <summary>Runs the command when the first argument is <c>token</c>; null otherwise.</summary>
    public static int? TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "token") return null;
        string? role = null, country = null;
        var hours = 8.0;
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--role" when i + 1 < args.Length: role = args[++i]; break;
                case "--country" when i + 1 < args.Length: country = args[++i].ToUpperInvariant(); break;
                case "--hours" when i + 1 < args.Length && double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var h): hours = h; i++; break;
                default: rest.Add(args[i]); break;
            }
        }
        if (CallerClaims.ToCaller(role, country, out var problem) is null)
        {
            Console.Error.WriteLine($"token: {problem}.\nusage: token --role secretariat|member-state|observer [--country <ISO alpha-3>] [--hours 8] [--Persistence:DataDirectory=<dir>]");
            return 2;
        }
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. rest])
            .Build();
        var options = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        var key = DevelopmentKey.LoadOrCreate(configuration["Persistence:DataDirectory"] ?? ".data");
        Console.WriteLine(DevelopmentKey.Issue(key, options.Jwt.Issuer, options.Jwt.Audience, role!, country, TimeSpan.FromHours(hours)));
        return 0;
    }
}
