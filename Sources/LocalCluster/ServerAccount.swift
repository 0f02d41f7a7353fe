import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The operating-system user the server runs as.
///
/// PostgreSQL refuses to run as root, so when Docket runs as root the server's programs run as an
/// unprivileged user through `runuser`, or `su` where `runuser` is missing: the owner of an existing
/// cluster folder (so that `sudo docket` leaves a user's own cluster theirs), else `postgres` if it
/// exists, else `nobody`. Otherwise they run as the current user, directly.
struct ServerAccount: Sendable {
    /// How commands reach the server's user.
    enum Switch: Sendable, Equatable {
        /// `runuser -u NAME -- PROGRAM ARGS…`: no shell involved.
        case runuser(path: String)
        /// `su -s /bin/sh -c 'exec "$0" "$@"' -- NAME PROGRAM ARGS…`: the shell only re-executes its
        /// arguments, which it never parses.
        case su(path: String)
    }

    var name: String
    var uid: uid_t
    var gid: gid_t
    /// The primary and supplementary groups, for deciding whether this user can search a folder.
    var groups: [gid_t]
    /// How to run a command as this user; `nil` when it is the current user.
    var userSwitch: Switch?

    var isCurrentUser: Bool { userSwitch == nil }

    /// The current user, or an unprivileged stand-in when running as root.
    ///
    /// - Parameter folder: The cluster folder asked for, which may already exist.
    static func resolve(folder: String? = nil) throws -> ServerAccount {
        let euid = geteuid()
        if euid != 0 {
            let name = PasswordEntry(uid: euid)?.name ?? String(euid)
            return ServerAccount(name: name, uid: euid, gid: getegid(), groups: currentGroups(), userSwitch: nil)
        }
        var info = stat()
        let owner = folder.flatMap { lstat($0, &info) == 0 && info.st_uid != 0 ? PasswordEntry(uid: info.st_uid) : nil }
        guard let entry = owner ?? PasswordEntry(name: "postgres") ?? PasswordEntry(name: "nobody") else {
            throw LocalClusterError(
                .noServerUser,
                "PostgreSQL refuses to run as root, and there is neither a `postgres` nor a `nobody` user to run it as",
                fix: "install the server package (`apt-get install postgresql` creates the postgres user) "
                    + "or run docket as a normal user"
            )
        }
        let fileManager = FileManager.default
        let userSwitch: Switch
        if let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]
            .first(where: fileManager.isExecutableFile(atPath:))
        {
            userSwitch = .runuser(path: runuser)
        } else if let su = ["/bin/su", "/usr/bin/su"].first(where: fileManager.isExecutableFile(atPath:)) {
            userSwitch = .su(path: su)
        } else {
            throw LocalClusterError(
                .noServerUser,
                "PostgreSQL refuses to run as root, and neither runuser nor su is installed to run it as \(entry.name)",
                fix: "install util-linux (`apt-get install util-linux`) or run docket as a normal user"
            )
        }
        return ServerAccount(
            name: entry.name, uid: entry.uid, gid: entry.gid,
            groups: groups(of: entry.name, primary: entry.gid), userSwitch: userSwitch
        )
    }

    /// The command that runs `executable` with `arguments` as this user.
    func command(_ executable: String, _ arguments: [String]) -> Command {
        switch userSwitch {
        case nil:
            return Command(executable, arguments)
        case .runuser(let path):
            return Command(path, ["-u", name, "--", executable] + arguments)
        case .su(let path):
            return Command(path, ["-s", "/bin/sh", "-c", #"exec "$0" "$@""#, "--", name, executable] + arguments)
        }
    }

    /// Whether this user may pass through (search) a folder with the given owner, group and mode.
    func canSearch(owner: uid_t, group: gid_t, mode: mode_t) -> Bool {
        if uid == 0 { return true }
        if owner == uid { return mode & S_IXUSR != 0 }
        if groups.contains(group) { return mode & S_IXGRP != 0 }
        return mode & S_IXOTH != 0
    }

    private static func currentGroups() -> [gid_t] {
        let count = getgroups(0, nil)
        guard count > 0 else { return [getegid()] }
        var groups = [gid_t](repeating: 0, count: Int(count))
        let filled = getgroups(count, &groups)
        return [getegid()] + groups.prefix(Int(max(filled, 0)))
    }

    private static func groups(of name: String, primary: gid_t) -> [gid_t] {
        #if os(Linux)
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(name, primary, &groups, &count) == -1 {
            groups = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(name, primary, &groups, &count) != -1 else { return [primary] }
        }
        return Array(groups.prefix(Int(count)))
        #else
        // Darwin's getgrouplist takes Int32 groups; the primary group is enough for the reachability check,
        // which only errs toward the private fallback folder.
        return [primary]
        #endif
    }
}

/// One line of the user database, read with the reentrant `getpw*_r` calls.
struct PasswordEntry: Sendable {
    var name: String
    var uid: uid_t
    var gid: gid_t

    init?(name: String) {
        guard let entry = Self.lookUp({ getpwnam_r(name, &$0, $1, $2, &$3) }) else { return nil }
        self = entry
    }

    init?(uid: uid_t) {
        guard let entry = Self.lookUp({ getpwuid_r(uid, &$0, $1, $2, &$3) }) else { return nil }
        self = entry
    }

    private init(name: String, uid: uid_t, gid: gid_t) {
        self.name = name
        self.uid = uid
        self.gid = gid
    }

    private static func lookUp(
        _ call: (inout passwd, UnsafeMutablePointer<CChar>, Int, inout UnsafeMutablePointer<passwd>?) -> Int32
    ) -> PasswordEntry? {
        var buffer = [CChar](repeating: 0, count: 16_384)
        // The record's strings point into the buffer: copy them before it goes away.
        return buffer.withUnsafeMutableBufferPointer { buffer in
            var record = passwd()
            var result: UnsafeMutablePointer<passwd>?
            guard call(&record, buffer.baseAddress!, buffer.count, &result) == 0, result != nil,
                let namePointer = record.pw_name
            else { return nil }
            return PasswordEntry(name: String(cString: namePointer), uid: record.pw_uid, gid: record.pw_gid)
        }
    }
}
