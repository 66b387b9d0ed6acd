using Cica.Platform;

// Every service in one process by default; see PlatformApp for what the host is made of and
// README.md for the settings (Cica:Services, Persistence:*, Messaging:RabbitMq). Leading words
// name an operator command instead (outbox parked list|redrive|discard, errors list|redrive,
// token --role … --country … for a development token).
if (DevelopmentTokenCommand.TryRun(args) is { } tokenExit) return tokenExit;
if (await Cica.Messaging.Operations.MessagingCommand.TryRunAsync(args, rest => PlatformApp.Create(rest).Services) is { } exitCode) return exitCode;
PlatformApp.Create(args).Run();
return 0;
