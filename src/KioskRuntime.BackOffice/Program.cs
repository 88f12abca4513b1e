using KioskRuntime.BackOffice;

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
