#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from standard input with no editing: piped input, or a terminal without libedit.
///
/// Prompts are written only when standard input is a terminal, so a script's output holds answers alone.
/// Reads the file descriptor directly (not through stdio), waiting on it and on Ctrl-C together, so Ctrl-C
/// at a plain prompt discards the line as it does with libedit.
public final class PlainLineReader: LineReader {
    public let isInteractive: Bool
    private let interrupts: InterruptSignal?
    private var buffer: [UInt8] = []
    private var isAtEnd = false

    public init(interrupts: InterruptSignal? = nil) {
        isInteractive = isatty(STDIN_FILENO) == 1
        self.interrupts = interrupts
    }

    public func readLine(prompt: String) -> LineInput {
        if isInteractive {
            // Forget a Ctrl-C pressed before the prompt (while an answer was shown), never one after it.
            _ = interrupts?.drain()
            Console.write(prompt)
        }
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return .line(String(decoding: line, as: UTF8.self))
            }
            if isAtEnd {
                guard !buffer.isEmpty else { return .endOfInput }
                defer { buffer.removeAll() }
                return .line(String(decoding: buffer, as: UTF8.self))
            }
            switch waitForInput() {
            case .interrupted:
                buffer.removeAll()
                if isInteractive { Console.write("\n") }
                return .interrupted
            case .readable:
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count > 0 {
                    buffer.append(contentsOf: chunk[..<count])
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    isAtEnd = true
                }
            }
        }
    }

    public func addHistory(_ entry: String) {}

    private enum Wake { case readable, interrupted }

    private func waitForInput() -> Wake {
        guard let interrupts else { return .readable }
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: interrupts.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        while true {
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 { if errno == EINTR { continue } else { return .readable } }
            if fds[1].revents != 0, interrupts.drain() { return .interrupted }
            if fds[0].revents != 0 { return .readable }
        }
    }
}
