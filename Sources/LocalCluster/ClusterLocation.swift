import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a cluster lives on disk: the requested folder, or a private stand-in when the server's
/// user cannot reach it, and the folder holding its Unix socket.
///
/// Everything here is derived from paths and the file system's current permissions only, so
/// every `docket` process that asks about the same folder (start, status, stop, url) arrives at
/// the same place.
struct ClusterLocation: Sendable, Equatable {
    /// The requested folder, absolute with symlinks resolved as far as it exists.
    var home: String
    /// The folder the cluster lives in: `home`, or the fallback under `/var/tmp`.
    var directory: String
    /// Why `directory` is not `home`, phrased for the user.
    var fallbackReason: String?
    /// The folder holding the socket: `directory`, or a short folder under `/tmp` when the
    /// socket's path would not fit in a socket address.
    var socketDirectory: String

    static let port = 5432

    init(home: URL, account: ServerAccount) {
        let home = Self.canonicalPath(home)
        self.home = home
        if !account.isCurrentUser, let blocker = Self.firstUnsearchableAncestor(of: home, for: account) {
            directory = "/var/tmp/docket-" + Self.shortHash(home)
            let owner = PasswordEntry(uid: blocker.owner)?.name ?? String(blocker.owner)
            fallbackReason = "\(home) is not reachable by user \(account.name) "
                + "(\(blocker.path) is mode \(String(blocker.mode & 0o777, radix: 8)), owner \(owner))"
        } else {
            directory = home
            fallbackReason = nil
        }
        socketDirectory = directory
        if Self.socketPath(in: directory).utf8.count > Self.maximumSocketPathLength {
            socketDirectory = "/tmp/docket-" + Self.shortHash(directory)
        }
    }

    /// The path of the server's socket file in `directory`.
    static func socketPath(in directory: String) -> String {
        directory + "/.s.PGSQL.\(port)"
    }

    /// The longest path a Unix socket address holds, without its terminating NUL.
    static var maximumSocketPathLength: Int {
        #if os(Linux)
        107
        #else
        103
        #endif
    }

    /// The first 12 hex digits of the 64-bit FNV-1a hash: stable across runs and machines, and
    /// short enough to keep socket paths well within their limit.
    static func shortHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(12))
    }

    /// The absolute path with `.` and `..` removed and symlinks resolved in the part that exists.
    static func canonicalPath(_ url: URL) -> String {
        var existing = url.standardizedFileURL.path
        var missing: [String] = []
        while existing != "/", !existing.isEmpty {
            if let resolved = realpath(existing, nil) {
                defer { free(resolved) }
                return join(String(cString: resolved), missing.reversed())
            }
            let parent = URL(fileURLWithPath: existing)
            missing.append(parent.lastPathComponent)
            existing = parent.deletingLastPathComponent().path
        }
        return join("/", missing.reversed())
    }

    private static func join(_ base: String, _ components: [String]) -> String {
        components.reduce(base) { $0.hasSuffix("/") ? $0 + $1 : $0 + "/" + $1 }
    }

    /// The first existing ancestor of `path` (not `path` itself, which will be handed to the
    /// server's user) that `account` may not pass through, e.g. `/root` with mode 700.
    static func firstUnsearchableAncestor(
        of path: String, for account: ServerAccount
    ) -> (path: String, owner: uid_t, mode: mode_t)? {
        var ancestors = ["/"]
        var prefix = ""
        for component in path.split(separator: "/").dropLast() {
            prefix += "/" + component
            ancestors.append(prefix)
        }
        for ancestor in ancestors {
            var info = stat()
            // A missing ancestor will be created searchable; a file in the way fails creation later,
            // with a message naming it.
            guard stat(ancestor, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
            if !account.canSearch(owner: info.st_uid, group: info.st_gid, mode: info.st_mode) {
                return (ancestor, info.st_uid, info.st_mode)
            }
        }
        return nil
    }
}
