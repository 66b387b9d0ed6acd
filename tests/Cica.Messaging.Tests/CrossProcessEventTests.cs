using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;

namespace Cica.Messaging.Tests;

/// <summary>Events leave the platform's process as protobuf that any language can read with only protos/.</summary>
[Collection(BrokerCollection.Name)]
public sealed class CrossProcessEventTests
{
    [Fact]
    public async Task Admitting_a_state_in_one_process_reaches_a_Python_consumer_that_knows_only_the_proto()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        await using var platform = await PlatformProcess.StartAsync(data.Path, new Dictionary<string, string> { ["Messaging:RabbitMq"] = broker });
        await using var python = PythonConsumer.Start(broker, "cica.membership.v1.MemberStateAdmitted", "country_code", "KWT");
        Assert.Equal("READY", await python.NextLineAsync(TimeSpan.FromSeconds(60)));

        await new MembershipService.MembershipServiceClient(platform.Channel).AdmitMemberStateAsync(new AdmitMemberStateRequest
        {
            Name = "accessionApplications/KWT-2022",
            Decision = new DecisionReference { Body = DecisionBody.Summit, Date = new CalendarDate { Year = 2022, Month = 10, Day = 13 }, Meeting = "Sixth CICA Summit, Astana" },
        }, Callers.Secretariat);

        var line = await python.NextLineAsync(TimeSpan.FromSeconds(60));
        using var received = JsonDocument.Parse(line);
        var root = received.RootElement;
        var evt = root.GetProperty("event");
        Assert.Equal("KWT", evt.GetProperty("country_code").GetString());
        Assert.Equal("Kuwait", evt.GetProperty("display_name").GetProperty("en").GetString());
        Assert.Equal(2022, evt.GetProperty("accession_date").GetProperty("year").GetInt32());
        Assert.Equal(13, evt.GetProperty("accession_date").GetProperty("day").GetInt32());
        Assert.Equal("DECISION_BODY_SUMMIT", evt.GetProperty("decision").GetProperty("body").GetString());
        Assert.Equal("ACTOR_KIND_SECRETARIAT", evt.GetProperty("actor").GetProperty("kind").GetString());
        Assert.Equal("application/x-protobuf", root.GetProperty("content_type").GetString());
        Assert.Equal("cica.membership.v1.MemberStateAdmitted", root.GetProperty("message_type_header").GetString());
        Assert.True(Guid.TryParse(root.GetProperty("message_id").GetString(), out _));
    }

    /// <summary>python/consume_event.py as a child process, its output read line by line as it comes.</summary>
    private sealed class PythonConsumer : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
        private readonly List<string> _errors = [];

        private PythonConsumer(Process process) => _process = process;

        public static PythonConsumer Start(string brokerUri, string messageType, string field, string value)
        {
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "python", "consume_event.py"), brokerUri, Repository.Protos, messageType, field, value, "60" })
                start.ArgumentList.Add(arg);
            var consumer = new PythonConsumer(new Process { StartInfo = start });
            // Event-based reading delivers each line as it is written; awaiting ReadLineAsync on the
            // redirected stream did not (a line arrived only when the child exited).
            consumer._process.OutputDataReceived += (_, e) => { if (e.Data is not null) consumer._lines.Writer.TryWrite(e.Data); };
            consumer._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (consumer._errors) consumer._errors.Add(e.Data); };
            consumer._process.Start();
            consumer._process.BeginOutputReadLine();
            consumer._process.BeginErrorReadLine();
            return consumer;
        }

        public async Task<string> NextLineAsync(TimeSpan timeout)
        {
            try
            {
                return await _lines.Reader.ReadAsync().AsTask().WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                lock (_errors) throw new TimeoutException($"python consumer printed nothing in {timeout}: {string.Join("\n", _errors)}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) _process.Kill();
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
