#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reader whose line is being edited; libedit's C callbacks cannot capture context, so they find it
/// here. Only the thread that calls `readLine` touches it, and only while it does.
nonisolated(unsafe) private var activeReader: EditLineReader?

/// libedit's word-break characters: a dot separates a reference from its field, so after `decision.` the
/// word being completed is the field. A hyphen does not break a word (aggregate ids contain hyphens), nor does
/// a backslash (so `\fo` completes to `\format`). Allocated once and never freed: libedit keeps the pointer.
nonisolated(unsafe) private let wordBreakCharacters = strdup(" \t\n\"'`><=;|&{(),.!~+*")

/// Line editing, history and Tab completion through libedit's readline-compatible callback interface.
///
/// The callback interface (`rl_callback_handler_install` / `rl_callback_read_char`) leaves the waiting to
/// us: this reader waits on the terminal and on Ctrl-C together, so Ctrl-C discards the line being typed
/// and shows a fresh prompt without libedit's signal handlers (which re-raise the signal to the whole
/// process group). libedit's own signal handling is turned off with `rl_catch_signals = 0`; a change of the
/// terminal's size arrives through the same pipe and is passed on with `rl_resize_terminal`.
public final class EditLineReader: LineReader {
    public var isInteractive: Bool { true }
    private let libedit: LibEdit
    private let completer: Completer?
    private let interrupts: InterruptSignal
    fileprivate var finished: LineInput?

    init(libedit: LibEdit, completer: Completer?, interrupts: InterruptSignal) {
        self.libedit = libedit
        self.completer = completer
        self.interrupts = interrupts
        Self.useUTF8Characters()
        libedit.catchSignals.pointee = 0
        libedit.readlineName.pointee = UnsafePointer(strdup("docket"))
        _ = libedit.initialize()
        libedit.wordBreakCharacters.pointee = UnsafePointer(wordBreakCharacters)
        if completer != nil {
            libedit.attemptedCompletionFunction.pointee = { text, start, _ in
                activeReader?.complete(word: text, start: Int(start))
            }
        }
    }

    public func readLine(prompt: String) -> LineInput {
        activeReader = self
        defer { activeReader = nil }
        interrupts.drain()
        finished = nil
        libedit.callbackHandlerInstall(prompt) { line in
            guard let reader = activeReader else { free(line); return }
            if let line {
                reader.finished = .line(String(cString: line))
                free(line)
            } else {
                reader.finished = .endOfInput
            }
        }
        fflush(nil)
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: interrupts.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        while finished == nil {
            fds[0].revents = 0
            fds[1].revents = 0
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                finished = .endOfInput
                break
            }
            let signals = fds[1].revents != 0 ? interrupts.drainSignals() : (interrupted: false, resized: false)
            if signals.resized { libedit.resizeTerminal() }
            if signals.interrupted {
                finished = .interrupted
                libedit.callbackHandlerRemove()
                Console.write("\n")
                fflush(nil)
                return .interrupted
            }
            if fds[0].revents & Int16(POLLIN) != 0 {
                libedit.callbackReadChar()
            } else if fds[0].revents != 0 {
                finished = .endOfInput  // the terminal hung up
            }
        }
        libedit.callbackHandlerRemove()
        if finished == .endOfInput {
            Console.write("\n")
        }
        fflush(nil)
        return finished ?? .endOfInput
    }

    public func addHistory(_ entry: String) {
        _ = libedit.addHistory(entry)
    }

    /// libedit's completion callback: the candidates as a `malloc`ed, NULL-terminated array whose first
    /// element replaces the word (the candidates' common prefix), as `rl_completion_matches` makes it.
    fileprivate func complete(word: UnsafePointer<CChar>?, start: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        libedit.attemptedCompletionOver.pointee = 1
        guard let completer else { return nil }
        let typed = word.map { String(cString: $0) } ?? ""
        let line = libedit.lineBuffer.pointee.map { String(cString: $0) } ?? ""
        // libedit counts `start` in characters (wide characters), not bytes.
        let before = String(String.UnicodeScalarView(line.unicodeScalars.prefix(start)))
        guard let candidates = completer(before, typed) else {
            // libedit's own file-name completion (`rl_completion_entry_function` is left NULL).
            libedit.attemptedCompletionOver.pointee = 0
            libedit.completionAppendCharacter.pointee = 32
            return nil
        }
        guard !candidates.isEmpty else { return nil }
        let onlyOne = candidates.count == 1
        libedit.completionAppendCharacter.pointee = onlyOne && !(candidates[0].hasSuffix(".") || candidates[0].hasSuffix("/")) ? 32 : 0
        var replacement = onlyOne ? candidates[0] : Self.commonPrefix(candidates)
        if replacement.count < typed.count { replacement = typed }
        // libedit takes a unique match from `[match, match, NULL]` (it reads the third element either way).
        let strings = [replacement] + candidates
        let size = MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (strings.count + 1)
        guard let raw = malloc(size) else { return nil }
        let array = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { array[index] = strdup(string) }
        array[strings.count] = nil
        return array
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// libedit decodes keystrokes with the C library's multibyte functions, which treat every byte above
    /// 127 as invalid in the "C" locale; `£` in a query must reach the shell intact.
    private static func useUTF8Characters() {
        if let current = setlocale(LC_CTYPE, ""), String(cString: current).uppercased().contains("UTF") { return }
        _ = setlocale(LC_CTYPE, "C.UTF-8")
    }
}
