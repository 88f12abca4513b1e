using KioskRuntime.Daemon;
using KioskRuntime.Testing.Kioskd;

return await KioskdProgram.RunAsync(args, TestFaults.FromEnvironment(Environment.GetEnvironmentVariable)).ConfigureAwait(false);
