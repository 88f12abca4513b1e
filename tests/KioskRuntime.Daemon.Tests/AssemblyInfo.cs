using System.Runtime.Versioning;

// kioskd is a Linux service; so are its tests.
[assembly: SupportedOSPlatform("linux")]
