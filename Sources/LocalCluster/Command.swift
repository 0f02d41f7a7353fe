import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A program and its arguments, run without a shell so that paths are never reinterpreted.
struct Command: Sendable {
    var executable: String
    var arguments: [String]

    init(_ executable: String, _ arguments: [String]) {
        self.executable = executable
        self.arguments = arguments
    }

    /// The command as a shell would need it, for error messages and debug logs only.
    var commandLine: String {
        ([executable] + arguments).map(Self.shellQuoted).joined(separator: " ")
    }

    static func shellQuoted(_ word: String) -> String {
        let isPlain = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,%+@".contains($0) }
        return isPlain ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}

/// What a finished command printed and how it exited.
struct CommandResult: Sendable {
    /// The exit status, or 128 + the signal number when a signal ended it.
    var status: Int32
    /// Standard output and standard error, interleaved as written.
    var output: String

    var isSuccess: Bool { status == 0 }
}

extension Command {
    /// Runs the command to completion with standard input from /dev/null, in `directory`.
    ///
    /// This uses `posix_spawn` rather than Foundation's `Process`: on Linux, `Process` learns that
    /// its child exited when a socket it hands the child closes, and `pg_ctl start` passes that
    /// socket on to the server it leaves running, so `waitUntilExit()` would wait for the server to
    /// stop. Here the child gets only its three standard descriptors, and is reaped with `waitpid`.
    ///
    /// The child also gets the caller's environment minus the `PG*` variables, so that a `PGHOST`,
    /// `PGPORT` or `PGOPTIONS` meant for another server cannot redirect or alter these commands;
    /// everything they need is passed as arguments.
    func run(in directory: URL? = nil) throws -> CommandResult {
        var output: [Int32] = [-1, -1]
        guard pipe(&output) == 0 else { throw launchFailure(errno) }
        defer { if output[0] >= 0 { close(output[0]) } }
        // Close-on-exec, so that commands other threads start do not inherit this pipe and hold it open.
        _ = fcntl(output[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(output[1], F_SETFD, FD_CLOEXEC)

        let pid: pid_t
        do {
            pid = try spawn(stdout: output[1], directory: directory?.path)
        } catch {
            close(output[1])
            throw error
        }
        close(output[1])

        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(output[0], $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                break
            }
        }

        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw launchFailure(errno) }
        }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return CommandResult(status: Self.exitStatus(status), output: text)
    }

    private func spawn(stdout: Int32, directory: String?) throws -> pid_t {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stdout, 2)
        #if !canImport(Darwin)
        Self.closeOtherDescriptors(&actions)
        #endif
        if let directory {
            guard let addChangeDirectory = Self.addChangeDirectory else {
                throw LocalClusterError(
                    .commandFailed, "this C library cannot set a spawned program's working folder",
                    commandLine: commandLine
                )
            }
            let status = withUnsafeMutablePointer(to: &actions) {
                addChangeDirectory(UnsafeMutableRawPointer($0), directory)
            }
            guard status == 0 else { throw launchFailure(status) }
        }

        // Children start with no blocked signals and the default SIGPIPE action, whatever this
        // process (or the thread spawning them) uses.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var flags = Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        #if canImport(Darwin)
        flags |= Int16(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        posix_spawnattr_setflags(&attributes, flags)

        let environment = ProcessInfo.processInfo.environment
            .filter { !$0.key.hasPrefix("PG") }
            .map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw launchFailure(status) }
        return pid
    }

    #if !canImport(Darwin)
    /// Closes every descriptor above standard error in the child (Darwin's POSIX_SPAWN_CLOEXEC_DEFAULT
    /// does this there): otherwise the server, which pg_ctl leaves running, would inherit whatever
    /// this process had open.
    private static func closeOtherDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        if let addCloseFrom,
            withUnsafeMutablePointer(to: &actions, { addCloseFrom(UnsafeMutableRawPointer($0), 3) }) == 0
        {
            return
        }
        // C libraries without closefrom (glibc before 2.34, musl): close what is open now.
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap(Int32.init) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }
    #endif

    /// GNU and Apple extensions the C library headers hide from Swift; looked up at run time.
    private static let addCloseFrom = lookUp(
        "posix_spawn_file_actions_addclosefrom_np", as: (@convention(c) (UnsafeMutableRawPointer, Int32) -> Int32).self
    )
    private static let addChangeDirectory = lookUp(
        "posix_spawn_file_actions_addchdir_np",
        as: (@convention(c) (UnsafeMutableRawPointer, UnsafePointer<CChar>) -> Int32).self
    )

    private static func lookUp<Function>(_ name: String, as type: Function.Type) -> Function? {
        #if canImport(Darwin)
        let defaultHandle = UnsafeMutableRawPointer(bitPattern: -2)  // RTLD_DEFAULT
        #else
        let defaultHandle: UnsafeMutableRawPointer? = nil  // RTLD_DEFAULT
        #endif
        guard let symbol = dlsym(defaultHandle, name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }

    private static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private func launchFailure(_ code: Int32) -> LocalClusterError {
        LocalClusterError(
            .commandFailed, "could not run \(executable): \(String(cString: strerror(code)))",
            commandLine: commandLine, fix: "check that \(executable) exists and is executable"
        )
    }
}
