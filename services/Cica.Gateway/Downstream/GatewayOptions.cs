namespace Cica.Gateway.Downstream;

/// <summary>The gateway's settings (<c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    /// <summary>
    /// Address of each downstream service by name (<c>Gateway:Services:membership</c> =
    /// http://127.0.0.1:5080 …). A service without an address is called in this process when the
    /// process carries it, and is "not deployed" otherwise.
    /// </summary>
    public Dictionary<string, string> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a view may take at most (a caller's earlier deadline wins).</summary>
    public TimeSpan ViewDeadline { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long one attempt of one downstream call may take.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries of a downstream call that failed with UNAVAILABLE (within the view's deadline).</summary>
    public int Retries { get; set; } = 2;
}
