using KioskRuntime.Daemon;

return await KioskdProgram.RunAsync(args).ConfigureAwait(false);
