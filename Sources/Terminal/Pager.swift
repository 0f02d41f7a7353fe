public import Foundation

/// Shows long text through a pager (`$PAGER`, default `less -S`), as psql does on a terminal.
public struct Pager: Sendable {
    /// The command, run by `/bin/sh -c`; nil when paging is off (`PAGER` set to an empty string).
    public let command: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        switch environment["PAGER"] {
        case .some(let value): command = value.trimmingCharacters(in: .whitespaces).isEmpty ? nil : value
        case .none: command = "less -S"
        }
    }

    /// Whether `text` is taller than the terminal and should be paged.
    public func shouldPage(_ text: String, terminal: TerminalSize?) -> Bool {
        guard command != nil, let terminal, terminal.rows > 0 else { return false }
        var lines = 0
        for character in text.utf8 where character == UInt8(ascii: "\n") {
            lines += 1
            if lines >= terminal.rows - 1 { return true }
        }
        return false
    }

    /// Writes `text` through the pager and waits for the person to leave it. Returns false (having shown
    /// nothing) if the pager could not be started or run, so the caller can print the text itself.
    public func show(_ text: String) -> Bool {
        guard let command else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        // less: keep the answer on the screen after quitting, pass colours, quit at once if it fits.
        if environment["LESS"] == nil { environment["LESS"] = "FRX" }
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        do { try process.run() } catch { return false }
        let handle = input.fileHandleForWriting
        // The pager may quit before reading everything (q in less): a broken pipe is not an error here.
        signal(SIGPIPE, SIG_IGN)
        try? handle.write(contentsOf: Data(text.utf8))
        try? handle.close()
        process.waitUntilExit()
        // 126/127: the shell could not run the command (a PAGER that is not installed): show the text plainly.
        return !(process.terminationReason == .exit && [126, 127].contains(process.terminationStatus))
    }
}
