import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates the folders a cluster needs, owned by the server's user.
enum ClusterDirectory {
    enum Placement {
        /// The folder the user asked for (e.g. `./.docket`): created if missing; when running as
        /// root, handed to the server's user.
        case requested
        /// A fixed name in a world-writable folder (`/var/tmp`, `/tmp`): anyone could have created
        /// it first, so an existing one must already belong to the server's user (or to root, who
        /// is the only other user able to have made it for us).
        case shared
    }

    /// Makes sure `path` is a folder the server's user owns, and reports whether it was created now.
    @discardableResult
    static func prepare(_ path: String, for account: ServerAccount, placement: Placement) throws -> Bool {
        var info = stat()
        var isCreated = false
        if lstat(path, &info) != 0 {
            try create(path, for: account)
            isCreated = true
            guard lstat(path, &info) == 0 else { throw failure("cannot inspect \(path)", errno: errno, path) }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw LocalClusterError(
                .unusableDirectory, "\(path) exists but is not a folder", directory: path,
                fix: "remove or rename \(path)"
            )
        }
        if info.st_uid != account.uid {
            let isRoot = geteuid() == 0
            switch placement {
            case .requested where !isRoot:
                // Not ours to take; initdb will say precisely what it cannot do there.
                return isCreated
            case .shared where !isRoot || info.st_uid != 0:
                let owner = PasswordEntry(uid: info.st_uid)?.name ?? String(info.st_uid)
                throw LocalClusterError(
                    .unusableDirectory, "\(path) already exists and belongs to \(owner), not \(account.name)",
                    directory: path, fix: "remove \(path) if it is left over, then try again"
                )
            default:
                guard chown(path, account.uid, account.gid) == 0 else {
                    throw failure("cannot give \(path) to user \(account.name)", errno: errno, path)
                }
            }
        }
        if isCreated || placement == .shared {
            guard chmod(path, 0o700) == 0 else { throw failure("cannot make \(path) private", errno: errno, path) }
        }
        return isCreated
    }

    /// Writes a file the server's user will read, and hands it to that user.
    static func write(_ text: String, to path: String, for account: ServerAccount) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw LocalClusterError(.unusableDirectory, "cannot write \(path): \(error)", directory: path)
        }
        guard chmod(path, 0o600) == 0, chown(path, account.uid, account.gid) == 0 else {
            throw failure("cannot give \(path) to user \(account.name)", errno: errno, path)
        }
    }

    private static func create(_ path: String, for account: ServerAccount) throws {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if geteuid() == 0 {
            // Missing ancestors become 755 whatever the umask, so the server's user can pass through.
            var ancestors: [String] = []
            var current = parent
            while access(current, F_OK) != 0, current != "/" {
                ancestors.append(current)
                current = URL(fileURLWithPath: current).deletingLastPathComponent().path
            }
            for ancestor in ancestors.reversed() {
                guard mkdir(ancestor, 0o755) == 0 || errno == EEXIST, chmod(ancestor, 0o755) == 0 else {
                    throw failure("cannot create \(ancestor)", errno: errno, path)
                }
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw LocalClusterError(.unusableDirectory, "cannot create \(parent): \(error)", directory: path)
            }
        }
        // Another docket process may create it at the same moment; either way it exists afterwards.
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw failure("cannot create \(path)", errno: errno, path)
        }
    }

    private static func failure(_ message: String, errno code: Int32, _ path: String) -> LocalClusterError {
        LocalClusterError(
            .unusableDirectory, "\(message): \(String(cString: strerror(code)))", directory: path,
            fix: "check the permissions of \(path) and its parent folders, or set DOCKET_HOME to another folder"
        )
    }
}
