using KioskRuntime.Cli;

return await KioskctlProgram.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
