/// What one read at a prompt produced.
public enum LineInput: Equatable, Sendable {
    /// A line the person finished with Return (without its line break).
    case line(String)
    /// Ctrl-C at the prompt: the line being typed was discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// Offers the words that may complete the word under the cursor.
///
/// `before` is the line's text before the word being completed, `word` the part of the word already typed.
/// Returns the full words that may replace `word`, best first; nil to complete a file name instead.
public typealias Completer = (_ before: String, _ word: String) -> [String]?

/// Reads lines a person types (or a script pipes in), one prompt at a time.
///
/// The shell talks to this protocol only; libedit and the terminal stay behind it, so the shell's logic is
/// tested without a terminal and the terminal through a pseudo-terminal.
public protocol LineReader: AnyObject {
    /// Whether a person is typing (a terminal): prompts, completion and history are offered only then.
    var isInteractive: Bool { get }
    /// Shows `prompt` and reads one line.
    func readLine(prompt: String) -> LineInput
    /// Adds an entry to the history that Up and Down walk through (not to the history file).
    func addHistory(_ entry: String)
}

/// The line reader for this process's standard input: libedit on a terminal (if the system has it),
/// plain lines otherwise.
public func makeLineReader(completer: Completer?, interrupts: InterruptSignal) -> any LineReader {
    if isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, let libedit = LibEdit.load() {
        return EditLineReader(libedit: libedit, completer: completer, interrupts: interrupts)
    }
    return PlainLineReader(interrupts: interrupts)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
