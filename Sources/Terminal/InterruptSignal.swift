#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The write end of the interrupt pipe, for the signal handler: a C signal handler cannot capture context.
/// Written once, before the handler is installed.
nonisolated(unsafe) private var interruptPipeWriteEnd: Int32 = -1

/// The byte the handler writes for each signal.
private let interruptByte: UInt8 = 3
private let resizeByte: UInt8 = 28

/// Ctrl-C (SIGINT) turned into something a program can wait on: the handler writes one byte to a pipe
/// (the self-pipe trick; `write` is async-signal-safe), and whoever is waiting — the prompt, or a running
/// query's watcher — reads it. The process is never killed by Ctrl-C while this is installed. A change of
/// the terminal's size (SIGWINCH) comes through the same pipe, so the line editor can redraw.
///
/// `@unchecked Sendable` is safe: the two descriptors never change after `install()`, and reading and
/// writing a pipe from several threads is safe.
public final class InterruptSignal: @unchecked Sendable {
    /// The read end: readable when Ctrl-C was pressed and not yet drained.
    public let fileDescriptor: Int32

    private init(readEnd: Int32) {
        fileDescriptor = readEnd
    }

    nonisolated(unsafe) private static var installed: InterruptSignal?
    private static let lock = NSLock()

    /// Installs the SIGINT handler (once per process) and returns the pipe it writes to.
    public static func install() -> InterruptSignal {
        lock.lock()
        defer { lock.unlock() }
        if let installed { return installed }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { fatalError("cannot create the interrupt pipe: \(String(cString: strerror(errno)))") }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        interruptPipeWriteEnd = ends[1]
        var action = sigaction()
        let handler: @convention(c) (Int32) -> Void = { signal in
            let saved = errno
            var byte = signal == SIGINT ? interruptByte : resizeByte
            _ = write(interruptPipeWriteEnd, &byte, 1)
            errno = saved
        }
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)
        sigaction(SIGWINCH, &action, nil)
        // A parent may have started docket with SIGINT blocked; Ctrl-C must reach the handler all the same.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
        let signal = InterruptSignal(readEnd: ends[0])
        installed = signal
        return signal
    }

    /// Reads everything pending; true if Ctrl-C was among it.
    @discardableResult
    public func drain() -> Bool { drainSignals().interrupted }

    /// Reads everything pending: whether Ctrl-C was pressed, and whether the terminal changed size.
    public func drainSignals() -> (interrupted: Bool, resized: Bool) {
        var interrupted = false
        var resized = false
        var bytes = [UInt8](repeating: 0, count: 64)
        while true {
            let count = bytes.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            for byte in bytes[..<count] {
                if byte == interruptByte { interrupted = true } else { resized = true }
            }
        }
        return (interrupted, resized)
    }

    /// Runs `body` on this thread while another thread waits for Ctrl-C and calls `onInterrupt` each time
    /// it comes (for a query: libpq's cancel, which is thread-safe). Returns when `body` does.
    public func whileRunning<T>(_ body: () throws -> T, onInterrupt: @escaping @Sendable () -> Void) rethrows -> T {
        drain()
        var stop: [Int32] = [-1, -1]
        guard pipe(&stop) == 0 else { return try body() }
        let finished = DispatchSemaphore(value: 0)
        let interruptEnd = fileDescriptor
        let stopEnd = stop[0]
        let watcher = Thread { [self] in
            var fds = [pollfd(fd: interruptEnd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: stopEnd, events: Int16(POLLIN), revents: 0)]
            while true {
                fds[0].revents = 0
                fds[1].revents = 0
                if poll(&fds, 2, -1) < 0 { if errno == EINTR { continue } else { break } }
                if fds[1].revents != 0 { break }
                if fds[0].revents != 0, drain() { onInterrupt() }
            }
            finished.signal()
        }
        watcher.start()
        defer {
            var byte: UInt8 = 0
            _ = write(stop[1], &byte, 1)
            finished.wait()
            close(stop[0])
            close(stop[1])
        }
        return try body()
    }
}
