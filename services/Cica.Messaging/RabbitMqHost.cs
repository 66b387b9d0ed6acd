using MassTransit;

namespace Cica.Messaging;

/// <summary>Turns an amqp:// URI (user, password, host, port, virtual host) into MassTransit's host settings.</summary>
public static class RabbitMqHost
{
    /// <summary>The host address without credentials: rabbitmq://host:port/vhost.</summary>
    public static Uri Address(Uri amqp)
    {
        if (amqp.Scheme is not ("amqp" or "amqps"))
            throw new InvalidOperationException($"{MessagingRegistration.RabbitMqKey} must be an amqp:// URI, not '{amqp.Scheme}://'.");
        var vhost = amqp.AbsolutePath.Trim('/');
        var port = amqp.IsDefaultPort || amqp.Port < 0 ? 5672 : amqp.Port;
        return new Uri($"rabbitmq://{amqp.Host}:{port}/{Uri.EscapeDataString(vhost)}");
    }

    /// <summary>Credentials from the URI's user info (guest/guest when absent).</summary>
    public static Action<IRabbitMqHostConfigurator> Configure(Uri amqp) => host =>
    {
        var userInfo = amqp.UserInfo.Split(':', 2);
        host.Username(User(amqp));
        host.Password(userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "guest");
    };

    /// <summary>The broker user the URI connects as (guest when absent): the user_id of what this process publishes.</summary>
    public static string User(Uri amqp)
    {
        var name = amqp.UserInfo.Split(':', 2)[0];
        return name.Length > 0 ? Uri.UnescapeDataString(name) : "guest";
    }
}
