using System.Runtime.InteropServices;

namespace AlbEmulator.Listeners;

/// <summary>
/// Whether a file belongs to this process's effective user. .NET has no API for a file's owner, and the check that
/// only the owner may change a file's mode does not hold for root (root may chmod anything), so on Linux the owner is
/// read with statx(2), whose layout is the same on every architecture.
/// </summary>
internal static class FileOwner
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxUid = 0x8;
    private const int StatxSize = 256;
    private const int UidOffset = 20; // struct statx: stx_mask u32, stx_blksize u32, stx_attributes u64, stx_nlink u32, stx_uid u32

    /// <summary>True or false on Linux; null elsewhere, where the callers' chmod check (owner only, root aside) is what there is.</summary>
    public static bool? IsCurrentUser(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxUid, buffer) != 0)
        {
            throw new IOException($"cannot read the owner of {path} (errno {Marshal.GetLastPInvokeError()})");
        }

        return BitConverter.ToUInt32(buffer, UidOffset) == GetEffectiveUserId();
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] statx);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();
}
