using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Cica.Testing;

namespace Cica.Gateway.Tests;

/// <summary>
/// The gateway's contracts are language-neutral: a Python client (Debian's python3-grpcio, stubs
/// generated from protos/ at test time) calls it over gRPC, and plain HTTP (urllib) reads the same
/// view and a service's read as JSON.
/// </summary>
public sealed class InteropTests
{
    [Fact]
    public async Task A_Python_client_with_stubs_from_the_protos_reads_the_dossier_over_gRPC_and_REST_and_follows_the_feed()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        // KAZ's coordination section comes from CBM, whose seed follows Membership's: wait for it.
        await Gw.UntilAsync(() => Gw.DossierAsync(host.Client<Contracts.Gateway.V1.GatewayService.GatewayServiceClient>(), "KAZ"),
            d => d.Coordination.Status.State == Contracts.Gateway.V1.SectionState.Ok, TimeSpan.FromSeconds(30), "CBM seeded");

        await using var python = PythonClient.Start(host.Address, host.RestAddress ?? throw new InvalidOperationException("no REST endpoint"));
        var timeout = TimeSpan.FromSeconds(90); // protoc runs first

        // gRPC: the dossier, decoded by the Python stubs.
        using (var grpc = await python.NextAsync("grpc_dossier", timeout))
        {
            var dossier = grpc.RootElement.GetProperty("dossier");
            var membership = dossier.GetProperty("membership");
            Assert.Equal("SECTION_STATE_OK", membership.GetProperty("status").GetProperty("state").GetString());
            Assert.Equal("cica.membership.v1.MembershipService", membership.GetProperty("status").GetProperty("source").GetString());
            Assert.Equal("MEMBERSHIP_STATUS_MEMBER_STATE", membership.GetProperty("membership_status").GetString());
            Assert.Equal("memberStates/KAZ", membership.GetProperty("member_state").GetProperty("name").GetString());
            Assert.Equal("Kazakhstan", membership.GetProperty("member_state").GetProperty("display_name").GetProperty("en").GetString());
            var coordination = dossier.GetProperty("coordination");
            Assert.Equal("SECTION_STATE_OK", coordination.GetProperty("status").GetProperty("state").GetString());
            Assert.All(coordination.GetProperty("current_roles").EnumerateArray(), r => Assert.Equal("KAZ", r.GetProperty("country_code").GetString()));
            var chairmanship = dossier.GetProperty("chairmanship");
            Assert.Equal("SECTION_STATE_OK", chairmanship.GetProperty("status").GetProperty("state").GetString());
            Assert.Contains(chairmanship.GetProperty("terms").EnumerateArray(), t => t.GetProperty("name").GetString() == "chairmanshipTerms/KAZ-2020");
        }

        // REST: the same view and a service's read, JSON over HTTP/1.1 with urllib.
        using (var rest = await python.NextAsync("rest_dossier", timeout))
        {
            Assert.Equal(200, rest.RootElement.GetProperty("status").GetInt32());
            Assert.StartsWith("application/json", rest.RootElement.GetProperty("content_type").GetString());
            var membership = rest.RootElement.GetProperty("body").GetProperty("dossier").GetProperty("membership");
            Assert.Equal("SECTION_STATE_OK", membership.GetProperty("status").GetProperty("state").GetString());
            Assert.Equal("MEMBERSHIP_STATUS_MEMBER_STATE", membership.GetProperty("membershipStatus").GetString());
            Assert.Equal("memberStates/KAZ", membership.GetProperty("memberState").GetProperty("name").GetString());
        }
        using (var rest = await python.NextAsync("rest_member_state", timeout))
        {
            Assert.Equal(200, rest.RootElement.GetProperty("status").GetInt32());
            var state = rest.RootElement.GetProperty("body").GetProperty("memberState");
            Assert.Equal("memberStates/KAZ", state.GetProperty("name").GetString());
            Assert.Equal("Kazakhstan", state.GetProperty("displayName").GetProperty("en").GetString());
        }
        using (var rest = await python.NextAsync("rest_feed", timeout))
        {
            Assert.Equal(200, rest.RootElement.GetProperty("status").GetInt32());
            var first = rest.RootElement.GetProperty("body").GetProperty("event");
            // The transcoder writes int64 as a JSON number (JsonTranscodingOptions' default), the Python
            // stubs' json_format as a string: either way the first event kept is sequence 1.
            var sequence = first.GetProperty("sequence");
            Assert.Equal(1, sequence.ValueKind == JsonValueKind.String ? long.Parse(sequence.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : sequence.GetInt64());
            Assert.StartsWith("type.googleapis.com/cica.", first.GetProperty("event").GetProperty("@type").GetString());
        }

        // gRPC streaming: subscribed before the admission, it receives the admission's event.
        (await python.NextAsync("subscribed", timeout)).Dispose();
        await Gw.AdmitKuwaitAsync(host.Channel);
        using var received = await python.NextAsync("grpc_event", TimeSpan.FromSeconds(30));
        var root = received.RootElement;
        Assert.Equal("cica.membership.v1.MemberStateAdmitted", root.GetProperty("event_type").GetString());
        Assert.Equal("type.googleapis.com/cica.membership.v1.MemberStateAdmitted", root.GetProperty("type_url").GetString());
        Assert.Equal("KWT", root.GetProperty("country_code").GetString());
        Assert.True(Guid.TryParse(root.GetProperty("message_id").GetString(), out _));
        var admitted = root.GetProperty("event");
        Assert.Equal("KWT", admitted.GetProperty("country_code").GetString());
        Assert.Equal(2022, admitted.GetProperty("accession_date").GetProperty("year").GetInt32());
        Assert.Equal("DECISION_BODY_SUMMIT", admitted.GetProperty("decision").GetProperty("body").GetString());
        Assert.Equal(0, await python.ExitCodeAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>python/gateway_client.py as a child process, its JSON lines read as they come.</summary>
    private sealed class PythonClient : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
        private readonly List<string> _errors = [];

        private PythonClient(Process process) => _process = process;

        public static PythonClient Start(Uri grpc, Uri rest)
        {
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            // A caller of its own, as any other government's system: an observer's bearer token.
            start.Environment["CICA_TOKEN"] = TestTokens.For("observer");
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "python", "gateway_client.py"), grpc.Authority, rest.ToString(), Repository.Protos, "60" })
                start.ArgumentList.Add(arg);
            var client = new PythonClient(new Process { StartInfo = start });
            // Event-based reading delivers each line as it is written (see CrossProcessEventTests).
            client._process.OutputDataReceived += (_, e) => { if (e.Data is not null) client._lines.Writer.TryWrite(e.Data); };
            client._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (client._errors) client._errors.Add(e.Data); };
            client._process.Start();
            client._process.BeginOutputReadLine();
            client._process.BeginErrorReadLine();
            return client;
        }

        /// <summary>The next line, which must be the JSON object of <paramref name="step"/>.</summary>
        public async Task<JsonDocument> NextAsync(string step, TimeSpan timeout)
        {
            string line;
            try
            {
                line = await _lines.Reader.ReadAsync().AsTask().WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"the Python client printed no '{step}' in {timeout}: {Errors()}");
            }
            var document = JsonDocument.Parse(line);
            Assert.True(document.RootElement.GetProperty("step").GetString() == step, $"expected {step}, got {line}\n{Errors()}");
            return document;
        }

        public async Task<int> ExitCodeAsync(TimeSpan timeout)
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            Assert.True(_process.ExitCode == 0, $"the Python client exited with {_process.ExitCode}: {Errors()}");
            return _process.ExitCode;
        }

        private string Errors()
        {
            lock (_errors) return string.Join("\n", _errors);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) _process.Kill();
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
