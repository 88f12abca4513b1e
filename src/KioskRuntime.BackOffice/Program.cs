using KioskRuntime.BackOffice;
using KioskRuntime.BackOffice.Access;

if (args.Length > 0 && args[0] == "credentials")
{
    return CredentialsCommand.Run(args[1..], Console.Out, Console.Error, TimeProvider.System);
}

try
{
    await using var app = BackOfficeApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (BackOfficeConfigurationException ex)
{
    await Console.Error.WriteLineAsync($"kiosk-backoffice: {ex.Message}");
    return 2;
}
