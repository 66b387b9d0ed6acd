using Cica.Platform;

// Every service in one process by default; see PlatformApp for what the host is made of and
// README.md for the settings (Cica:Services, Persistence:*, Messaging:RabbitMq).
PlatformApp.Create(args).Run();
