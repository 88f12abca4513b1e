using System.Runtime.Versioning;

// Like kioskd: a Linux service.
[assembly: SupportedOSPlatform("linux")]
