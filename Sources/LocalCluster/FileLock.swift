import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a file, held while `body` runs, so that of several `docket` processes
/// (or threads) starting or stopping the same cluster only one runs initdb or pg_ctl at a time.
///
/// The lock belongs to the open file description, so it is released when the holder closes it or
/// dies; a crashed holder never leaves it stuck.
enum FileLock {
    static func withLock<Result>(
        at path: String, logger: Logger, _ body: () throws -> Result
    ) throws -> Result {
        // O_CLOEXEC: a descriptor inherited by the server would hold the lock for the server's lifetime.
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot open the lock file \(path)", path) }
        defer { close(descriptor) }

        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else { throw failure("cannot lock \(path)", path) }
            logger.info("waiting for another docket process to finish starting or stopping the cluster")
            // Blocks until the holder finishes or dies; every holder runs pg_ctl with a timeout.
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else { throw failure("cannot lock \(path)", path) }
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    private static func failure(_ message: String, _ path: String) -> LocalClusterError {
        LocalClusterError(
            .lockFailed, "\(message): \(String(cString: strerror(errno)))",
            directory: URL(fileURLWithPath: path).deletingLastPathComponent().path,
            fix: "check that the cluster folder is writable by the current user"
        )
    }
}
