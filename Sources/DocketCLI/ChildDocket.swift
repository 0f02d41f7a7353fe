import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// This executable run as a child process with the scratch database's settings in its environment (not
/// its arguments, which other users can read), output discarded.
///
/// Its peak memory is the high-water mark of its own address space (`VmHWM` in /proc/<pid>/status),
/// sampled while it runs. Not wait4's `ru_maxrss`: a child spawned by this (large) process starts its
/// life in the parent's address space, and Linux carries that address space's high-water mark into the
/// child's `ru_maxrss` at exec, so every child would seem to use as much memory as the benchmark.
struct ChildDocket {
    let conninfo: String
    /// The child's standard error, quoted when it fails.
    let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("docket-bench-child-\(getpid()).log").path

    private func failure(_ what: String) -> CLIError {
        let said = (try? String(contentsOfFile: errorLog, encoding: .utf8))?.split(separator: "\n").suffix(5).joined(separator: "\n") ?? ""
        return CLIError(what + (said.isEmpty ? "" : "; it said:\n" + said))
    }

    /// Runs to completion; throws unless it exits 0. Returns its peak resident memory in MB.
    func run(_ arguments: [String]) throws -> Double {
        let pid = try start(arguments)
        var peak = 0.0
        var sampled = false
        while true {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let code = Self.exitCode(status)
                guard code == 0 else { throw failure("docket \(arguments.joined(separator: " ")) exited with status \(code)") }
                try? FileManager.default.removeItem(atPath: errorLog)
                return sampled ? peak : .nan
            }
            guard reaped == 0 || errno == EINTR else { throw CLIError("waiting for docket \(arguments.first ?? "") failed: \(String(cString: strerror(errno)))") }
            if let now = Self.peakResidentMB(pid) {
                peak = max(peak, now)
                sampled = true
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    func start(_ arguments: [String]) throws -> pid_t {
        // The running binary itself, even if the file was replaced since it started.
        let executable = "/proc/self/exe"
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKET_DATABASE_URL"] = conninfo
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorLog, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = (["docket"] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard result == 0 else { throw CLIError("could not start \(executable): \(String(cString: strerror(result)))") }
        return pid
    }

    /// Asks a long-running child (`docket worker`) to stop — SIGTERM: a worker finishes its batch and
    /// exits 0 — collects it, and returns its peak resident memory in MB as last sampled.
    func stop(_ pid: pid_t) throws -> Double {
        let peak = Self.peakResidentMB(pid) ?? .nan
        kill(pid, SIGTERM)
        // It finishes its work in hand first; a child still running after a minute is killed.
        let deadline = ContinuousClock.now + .seconds(60)
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            guard reaped == 0 || errno == EINTR else { throw CLIError("waiting for the child docket failed: \(String(cString: strerror(errno)))") }
            if ContinuousClock.now > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw failure("the child docket did not stop within 60 s of SIGTERM and was killed")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        try? FileManager.default.removeItem(atPath: errorLog)
        let code = Self.exitCode(status)
        guard code == 0 else { throw failure("the child docket exited with status \(code) after SIGTERM") }
        return peak
    }

    /// The exit status, or 128 + the signal number when a signal ended it.
    private static func exitCode(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// `VmHWM` of a running process, in MB; nil once it has exited.
    static func peakResidentMB(_ pid: pid_t) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Double($0) })
        else { return nil }
        return kilobytes / 1024
    }
}
