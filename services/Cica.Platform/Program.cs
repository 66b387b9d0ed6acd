using Cica.Messaging;
using Cica.Platform;
using Cica.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
var modules = PlatformModules.Selected(builder.Configuration);   // which services this process carries

builder.AddServiceDefaults(modules.TelemetryName);               // telemetry, gRPC, health, reflection, callers
modules.AddTo(builder);                                          // each service's storage, rules and consumers
builder.AddMessaging();                                          // one bus for all of them, after their consumers

var app = builder.Build();
app.MapDefaultEndpoints();
modules.MapTo(app);
StartupReport.PrintWhenStarted(app, modules);                    // where it listens, where the data lives
app.Run();

/// <summary>The entry point, visible to in-process tests.</summary>
public partial class Program;
