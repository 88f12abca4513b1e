using System.Globalization;

namespace KioskRuntime.Daemon;

/// <summary>
/// Who may run which control command. The socket's mode (0600 in a 0700 directory) is the first gate; this is the second, by the peer's
/// SO_PEERCRED identity, which the kernel vouches for: state-changing commands need root, kioskd's own user (the service user), or a
/// member of the profile's operators group (<c>access.operatorsGroup</c>). What kioskctl claims about the user behind sudo is only
/// logged, never trusted. Immutable; thread-safe.
/// </summary>
internal sealed class ControlAccess(uint serviceUid, uint? operatorsGid, string? operatorsGroup)
{
    /// <summary>Commands that change state, move the door or money, or print a receipt copy.</summary>
    public static IReadOnlySet<string> Privileged { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "door.unlock", "journal.recover", "stock.adjust", "sync.retry", "receipt.reprint", "scan", "checkout", "cancel", "debug.stall",
    };

    /// <summary>For kioskd: its own uid and the operators group looked up in <c>/etc/group</c> (null when absent: nobody is an operator).</summary>
    public static ControlAccess ForThisProcess(string? operatorsGroup, string groupFile = "/etc/group") =>
        new(EffectiveUid(), operatorsGroup is null ? null : GroupId(groupFile, operatorsGroup), operatorsGroup);

    /// <summary>Why <paramref name="peer"/> may not run <paramref name="command"/>, or null when it may.</summary>
    public string? WhyNot(string command, PeerCredentials peer, IReadOnlyList<uint> peerGroups)
    {
        if (!Privileged.Contains(command) || peer.IsRoot || peer.Uid == serviceUid)
        {
            return null;
        }

        if (operatorsGid is { } gid && (peer.Gid == gid || peerGroups.Contains(gid)))
        {
            return null;
        }

        var who = operatorsGroup is null ? "root or the service user" : $"root, the service user or a member of group '{operatorsGroup}'";
        return string.Create(CultureInfo.InvariantCulture, $"{command} is for {who}; this connection is uid {peer.Uid}");
    }

    /// <summary>This process's effective uid, from <c>/proc/self/status</c> (<c>Uid: real effective saved fs</c>).</summary>
    public static uint EffectiveUid()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                var fields = line[4..].Split('\t', StringSplitOptions.RemoveEmptyEntries);
                return uint.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("/proc/self/status has no Uid line");
    }

    /// <summary>The gid of <paramref name="name"/> in a group(5) file, or null. (Local groups only; NSS sources such as LDAP are not asked.)</summary>
    public static uint? GroupId(string groupFile, string name)
    {
        if (!File.Exists(groupFile))
        {
            return null;
        }

        foreach (var line in File.ReadLines(groupFile))
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0] == name && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                return gid;
            }
        }

        return null;
    }
}
