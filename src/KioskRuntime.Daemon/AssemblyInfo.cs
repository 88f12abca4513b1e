using System.Runtime.Versioning;

// kioskd is a Linux service (systemd, unix sockets, device nodes).
[assembly: SupportedOSPlatform("linux")]
