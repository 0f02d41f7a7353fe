import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `postmaster.pid` lock file a running server keeps in its data folder.
///
/// After a crash or a reboot the file stays behind, and its process id may by then belong to an
/// unrelated process of the same user (typical in containers, where ids restart low). pg_ctl and
/// the server then believe a server is still running and refuse to start, so the file is judged
/// here by whether its process is alive and is PostgreSQL.
struct PostmasterPIDFile {
    var path: String

    init(dataDirectory: String) {
        path = dataDirectory + "/postmaster.pid"
    }

    /// The id the file names, if the file exists and starts with one.
    var processID: Int32? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first
        else { return nil }
        return Int32(firstLine.trimmingCharacters(in: .whitespaces))
    }

    var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// The server's process id, if the file names a live PostgreSQL process.
    func livePostmaster() -> Int32? {
        guard let pid = processID, pid > 0 else { return nil }
        // EPERM: the process exists but belongs to another user (the server's user, seen by a client).
        guard kill(pid, 0) == 0 || errno == EPERM else { return nil }
        return Self.isPostgres(pid) ? pid : nil
    }

    /// Whether the process runs the PostgreSQL server. Where `/proc` is missing, a live process is
    /// taken at its word.
    static func isPostgres(_ pid: Int32) -> Bool {
        guard let name = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else {
            return !FileManager.default.fileExists(atPath: "/proc/self/comm")
        }
        let command = name.trimmingCharacters(in: .whitespacesAndNewlines)
        return command == "postgres" || command == "postmaster"
    }
}
