import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program run on a pseudo-terminal, driven as a person at a keyboard would: keys in, screen text out.
///
/// The child gets the terminal as its controlling terminal (through util-linux's `setsid -c`), so Ctrl-C
/// typed as `\u{3}` becomes SIGINT from the terminal driver, exactly as at a real keyboard.
final class PseudoTerminal {
    let master: Int32
    let pid: pid_t
    /// Everything the program wrote, escape sequences included.
    private(set) var output: [UInt8] = []
    /// Where the next `expect` starts looking, in `output`.
    private var consumed = 0

    var transcript: String { String(decoding: output, as: UTF8.self) }

    init(_ executable: String, _ arguments: [String], environment: [String: String], columns: Int = 100, rows: Int = 30) throws {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0, Self.unlockpt(master) == 0, let name = Self.ptsname(master) else {
            throw Failure("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw Failure("cannot open \(String(cString: name))") }
        defer { close(slave) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for target in 0...2 { posix_spawn_file_actions_adddup2(&actions, slave, Int32(target)) }
        posix_spawn_file_actions_addclose(&actions, master)
        let argv = ["/usr/bin/setsid", "-c", executable] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }
        // The test runner's threads may block or ignore signals; a person's shell starts programs with none
        // blocked and the defaults in place.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGPIPE, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let status = withCStrings(argv) { cArgv in
            withCStrings(envp) { cEnvp in
                posix_spawn(&pid, "/usr/bin/setsid", &actions, &attributes, cArgv, cEnvp)
            }
        }
        guard status == 0 else { throw Failure("cannot start \(executable): \(String(cString: strerror(status)))") }
        self.master = master
        self.pid = pid
    }

    // Glibc's module does not export the X/Open pseudo-terminal functions; they are in libc all the same.
    nonisolated(unsafe) private static let libc = dlopen(nil, RTLD_NOW)
    private static let unlockpt = unsafeBitCast(dlsym(libc, "unlockpt"), to: (@convention(c) (Int32) -> Int32).self)
    private static let ptsname = unsafeBitCast(dlsym(libc, "ptsname"), to: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    /// Changes the terminal's size, as dragging a window's edge does (the program gets SIGWINCH).
    func resize(columns: Int, rows: Int) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// Types `keys` (use `\r` for Return, `\t` for Tab, `\u{3}` for Ctrl-C, `\u{4}` for Ctrl-D).
    func type(_ keys: String) {
        var bytes = Array(keys.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Waits until the program has written `text` (after what earlier calls consumed); returns what came
    /// before it. Throws, quoting the screen, if it does not come within `timeout`.
    @discardableResult
    func expect(_ text: String, timeout: Duration = .seconds(20)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        let needle = Array(text.utf8)
        while true {
            if let start = Self.find(needle, in: output, from: consumed) {
                let before = String(decoding: output[consumed..<start], as: UTF8.self)
                consumed = start + needle.count
                return before
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                let unread = String(decoding: output[max(0, output.count - 2000)...], as: UTF8.self)
                throw Failure("waited \(timeout) for \(text.debugDescription); the screen ends with:\n\(unread.debugDescription)")
            }
            readAvailable(waitingUpTo: left)
        }
    }

    /// Waits for the program to exit; returns its exit status.
    func waitForExit(timeout: Duration = .seconds(20)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            readAvailable(waitingUpTo: .milliseconds(50))
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                readAvailable(waitingUpTo: .zero)
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
        }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        throw Failure("the program did not exit within \(timeout) (waitpid \(reaped), \(String(cString: strerror(errno)))); it wrote:\n\(transcript.debugDescription)")
    }

    private func readAvailable(waitingUpTo wait: Duration) {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(min(1000, max(0, wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000)))
        guard poll(&descriptor, 1, milliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        if count > 0 { output += buffer[..<count] }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count - start >= needle.count else { return needle.isEmpty ? start : nil }
        for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
        }
        return nil
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers = strings.map { strdup($0) }
    pointers.append(nil)
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}
