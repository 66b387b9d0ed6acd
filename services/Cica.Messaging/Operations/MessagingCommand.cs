using Cica.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Cica.Messaging.Operations;

/// <summary>
/// The operator's commands of the host binary (see README "Delivery"):
/// <code>
/// Cica.Platform outbox parked list
/// Cica.Platform outbox parked redrive SERVICE SEQUENCE
/// Cica.Platform outbox parked discard SERVICE SEQUENCE
/// Cica.Platform errors list QUEUE          (needs --Messaging:RabbitMq=...)
/// Cica.Platform errors redrive QUEUE
/// </code>
/// followed by the usual settings (--Persistence:DataDirectory=..., --Messaging:RabbitMq=...).
/// </summary>
public static class MessagingCommand
{
    /// <summary>
    /// Runs the command named by the leading words of <paramref name="args"/> and returns its exit
    /// code, or null when <paramref name="args"/> names none (start the server). <paramref name="build"/>
    /// builds the host (not started) from the remaining settings, for its databases and configuration.
    /// </summary>
    public static async Task<int?> TryRunAsync(string[] args, Func<string[], IServiceProvider> build, TextWriter? output = null)
    {
        output ??= Console.Out;
        var words = args.TakeWhile(a => !a.StartsWith('-')).ToArray();
        if (words.Length == 0 || words[0] is not ("outbox" or "errors")) return null;
        var services = build(args[words.Length..]);
        try
        {
            return words switch
            {
                ["outbox", "parked", "list"] => await ListParkedAsync(services, output),
                ["outbox", "parked", "redrive", var service, var sequence] => await OnParkedAsync(services, service, sequence, ParkedOutbox.RedriveAsync, "re-driven into the outbox", output),
                ["outbox", "parked", "discard", var service, var sequence] => await OnParkedAsync(services, service, sequence, ParkedOutbox.DiscardAsync, "discarded", output),
                ["errors", "list", var queue] => await ErrorQueue.ListAsync(BrokerUri(services), queue, output),
                ["errors", "redrive", var queue] => await ErrorQueue.RedriveAsync(BrokerUri(services), queue, output),
                _ => Usage(output),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException or RabbitMQ.Client.Exceptions.BrokerUnreachableException
                                       or RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            await output.WriteLineAsync("error: " + ex.Message);
            return 1;
        }
    }

    private static int Usage(TextWriter output)
    {
        output.WriteLine("usage: outbox parked list | outbox parked redrive SERVICE SEQUENCE | outbox parked discard SERVICE SEQUENCE");
        output.WriteLine("       errors list QUEUE | errors redrive QUEUE   (with --Messaging:RabbitMq=amqp://...)");
        return 2;
    }

    private static string BrokerUri(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>()[MessagingRegistration.RabbitMqKey] is { Length: > 0 } uri
            ? uri
            : throw new InvalidOperationException($"{MessagingRegistration.RabbitMqKey} is required for the error queues.");

    private static async Task<int> ListParkedAsync(IServiceProvider services, TextWriter output)
    {
        var total = 0;
        foreach (var database in services.GetServices<Database>())
        {
            foreach (var row in await ParkedOutbox.ListAsync(database, CancellationToken.None))
            {
                total++;
                await output.WriteLineAsync($"{database.Options.ServiceName}\t{row.Sequence}\t{row.MessageType}\t{row.MessageId}\tparked {row.ParkedAt} after {row.Attempts} attempts\t{row.Reason}");
            }
        }
        await output.WriteLineAsync($"{total} parked");
        return 0;
    }

    private static async Task<int> OnParkedAsync(IServiceProvider services, string service, string sequence,
        Func<Database, long, CancellationToken, Task<bool>> action, string done, TextWriter output)
    {
        var database = services.GetServices<Database>().FirstOrDefault(d => d.Options.ServiceName.Equals(service, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"this host carries no service '{service}'.");
        if (!long.TryParse(sequence, out var number)) throw new InvalidOperationException($"'{sequence}' is not a row number (see outbox parked list).");
        var found = await action(database, number, CancellationToken.None);
        await output.WriteLineAsync(found ? $"{service} row {number} {done}" : $"{service} has no parked row {number}");
        return found ? 0 : 1;
    }
}

/// <summary>A consumer queue's <c>_error</c> queue on RabbitMQ: what exhausted the in-process retries.</summary>
public static class ErrorQueue
{
    /// <summary>Prints the messages waiting in <c>{queue}_error</c> (they stay there).</summary>
    public static async Task<int> ListAsync(string brokerUri, string queue, TextWriter output)
    {
        await using var connection = await ConnectAsync(brokerUri);
        await using var channel = await connection.CreateChannelAsync();
        var waiting = (await channel.QueueDeclarePassiveAsync(queue + "_error")).MessageCount;
        for (var i = 0; i < waiting; i++)
        {
            var message = await channel.BasicGetAsync(queue + "_error", autoAck: false);
            if (message is null) break;
            var reason = message.BasicProperties.Headers?.TryGetValue("MT-Fault-Message", out var m) == true && m is byte[] bytes
                ? System.Text.Encoding.UTF8.GetString(bytes) : "";
            await output.WriteLineAsync($"{message.BasicProperties.MessageId}\t{message.BasicProperties.Type ?? Header(message, "cica-message-type")}\t{reason}");
        }
        await output.WriteLineAsync($"{waiting} in {queue}_error");
        return 0; // closing the channel returns the unacknowledged messages to the queue
    }

    /// <summary>
    /// Moves every message waiting in <c>{queue}_error</c> back to <c>{queue}</c>, each acknowledged
    /// there only after the broker confirmed its copy in the queue: a message is re-driven once (a
    /// crash in between re-drives it again with the same message id, which the inbox drops).
    /// Each goes back with the operator's broker user as its user_id, vouching for the publisher the
    /// move recorded in cica-published-by: consumers accept it if that user is in Messaging:Operators.
    /// </summary>
    public static async Task<int> RedriveAsync(string brokerUri, string queue, TextWriter output)
    {
        var operatorUser = RabbitMqHost.User(new Uri(brokerUri));
        await using var connection = await ConnectAsync(brokerUri);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.QueueDeclarePassiveAsync(queue);
        // Only what is there now: a message failing again while this runs lands in _error anew.
        var waiting = (await channel.QueueDeclarePassiveAsync(queue + "_error")).MessageCount;
        var moved = 0;
        for (var i = 0; i < waiting; i++)
        {
            var message = await channel.BasicGetAsync(queue + "_error", autoAck: false);
            if (message is null) break;
            var properties = new BasicProperties(message.BasicProperties)
            {
                UserId = operatorUser,
                Headers = message.BasicProperties.Headers?.Where(h => !h.Key.StartsWith("MT-Fault", StringComparison.Ordinal) && h.Key != "MT-Reason")
                    .ToDictionary(h => h.Key, h => h.Value),
            };
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, message.Body);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false);
            moved++;
        }
        await output.WriteLineAsync($"{moved} re-driven from {queue}_error to {queue}");
        return 0;
    }

    private static string Header(BasicGetResult message, string name) =>
        message.BasicProperties.Headers?.TryGetValue(name, out var v) == true && v is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : "";

    private static Task<IConnection> ConnectAsync(string brokerUri) =>
        new ConnectionFactory { Uri = new Uri(brokerUri), ClientProvidedName = "cica-errors" }.CreateConnectionAsync();
}
