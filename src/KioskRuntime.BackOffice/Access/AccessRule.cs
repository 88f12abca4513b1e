namespace KioskRuntime.BackOffice.Access;

/// <summary>Who may call an endpoint; endpoint metadata read by <see cref="AccessGate"/>. An endpoint without one is refused.</summary>
internal enum AccessRule
{
    /// <summary>No token needed (<c>/healthz</c>).</summary>
    Anonymous,

    /// <summary>Only the kiosk named by the route's <c>kioskId</c> (the push: not even the admin may write as a kiosk).</summary>
    OwnKiosk,

    /// <summary>The kiosk named by the route's <c>kioskId</c>, or the admin (reads).</summary>
    OwnKioskOrAdmin,

    /// <summary>Only the admin credential.</summary>
    Admin,
}
