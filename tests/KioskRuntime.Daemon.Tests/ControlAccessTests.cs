namespace KioskRuntime.Daemon.Tests;

/// <summary>Which peer (by its SO_PEERCRED identity) may run which control command.</summary>
public sealed class ControlAccessTests
{
    private const uint ServiceUid = 998;
    private const uint OperatorsGid = 1500;
    private static readonly ControlAccess Access = new(ServiceUid, OperatorsGid, "kiosk-operators");

    private static PeerCredentials Peer(uint uid, uint gid) => new(4242, uid, gid);

    [Theory]
    [InlineData("door.unlock")]
    [InlineData("journal.recover")]
    [InlineData("stock.adjust")]
    [InlineData("sync.retry")]
    [InlineData("receipt.reprint")]
    [InlineData("checkout")]
    [InlineData("scan")]
    public void Each_privileged_command_is_refused_to_another_user(string command)
    {
        Assert.Equal($"{command} is for root, the service user or a member of group 'kiosk-operators'; this connection is uid 65534", Access.WhyNot(command, Peer(65534, 65534), []));
        Assert.Null(Access.WhyNot(command, Peer(0, 0), []));
        Assert.Null(Access.WhyNot(command, Peer(ServiceUid, 100), []));
        Assert.Null(Access.WhyNot(command, Peer(1000, OperatorsGid), []));
        Assert.Null(Access.WhyNot(command, Peer(1000, 1000), [27, OperatorsGid]));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("devices")]
    [InlineData("journal.verify")]
    public void Reading_commands_are_open_to_whoever_can_open_the_socket(string command) =>
        Assert.Null(Access.WhyNot(command, Peer(65534, 65534), []));

    [Fact]
    public void Without_an_operators_group_only_root_and_the_service_user_pass()
    {
        var access = new ControlAccess(ServiceUid, null, null);
        Assert.Equal("door.unlock is for root or the service user; this connection is uid 1000", access.WhyNot("door.unlock", Peer(1000, OperatorsGid), [OperatorsGid]));
    }

    [Fact]
    public void The_operators_group_is_found_in_a_group_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["root:x:0:", "kiosk-operators-old:x:1499:", "kiosk-operators:x:1500:kari,ola", "broken-line"]);
            Assert.Equal(1500u, ControlAccess.GroupId(file, "kiosk-operators"));
            Assert.Null(ControlAccess.GroupId(file, "kiosk"));
            Assert.Null(ControlAccess.GroupId("/nonexistent/group", "kiosk-operators"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void This_process_knows_its_own_effective_uid() =>
        Assert.Equal(Environment.IsPrivilegedProcess, ControlAccess.EffectiveUid() == 0);
}
