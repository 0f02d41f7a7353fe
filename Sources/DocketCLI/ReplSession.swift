import DocketShell
import Foundation
import Terminal

/// The REPL's edge: reads lines (libedit on a terminal, plain lines otherwise), hands them to the shell,
/// shows what it returns (through the pager when long, or into the `\o` file), keeps the history file, and
/// turns Ctrl-C during a query into the server's cancel.
final class ReplSession {
    /// How a session ended, as psql's exit codes.
    enum Outcome: Int32 {
        /// Everything was answered.
        case answered = 0
        /// At least one query or command failed.
        case failed = 1
        /// The connection to the server was lost.
        case connectionLost = 2
        /// A script run with `--on-error-stop` stopped at an error.
        case stoppedAtError = 3
    }

    let shell: Shell
    let interrupts: InterruptSignal
    let stopsOnError: Bool
    private var sawError = false
    private var countsErrors = true
    private var isDone = false
    private var outcome: Outcome?

    init(shell: Shell, stopsOnError: Bool) {
        self.shell = shell
        self.stopsOnError = stopsOnError
        shell.stopsOnError = stopsOnError
        interrupts = InterruptSignal.install()
    }

    /// Runs a script (`-c`, `-f`): its lines as if typed, then whatever is left without a `;`.
    func runScript(_ text: String) -> Outcome {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            handle(line: String(line), interactive: false)
            if isDone { return finalOutcome }
        }
        show(interruptible { shell.finish() }, interactive: false)
        return finalOutcome
    }

    /// Reads from standard input until `\q`, Ctrl-D or its end. On a terminal: line editing, completion,
    /// history in `historyURL`, the pager.
    func runInteractive(historyURL: URL?, banner: String?) -> Outcome {
        let shell = self.shell
        let reader = makeLineReader(
            completer: { before, word in
                shell.completesFileName(before: before) ? nil : shell.completions(before: before, word: word)
            },
            interrupts: interrupts)
        let interactive = reader.isInteractive
        var history = interactive ? historyURL.map { HistoryFile(url: $0) } : nil
        for entry in history?.entries ?? [] { reader.addHistory(entry) }
        if interactive, let banner { Console.write(banner) }
        // As psql: a person's mistakes at a terminal do not make the session "fail"; a script's do.
        countsErrors = !interactive
        var typed = ""
        while !isDone {
            switch reader.readLine(prompt: shell.prompt) {
            case .interrupted:
                shell.clearPending()
                typed = ""
                if !interactive {
                    // As psql: Ctrl-C stops a script read from standard input.
                    Console.writeError("interrupted\n")
                    outcome = .failed
                    isDone = true
                }
            case .endOfInput:
                if interactive { shell.clearPending() } else { show(interruptible { shell.finish() }, interactive: false) }
                isDone = true
            case .line(let line):
                typed += (typed.isEmpty ? "" : "\n") + line
                // The width now, not at the prompt: the window may have been resized while typing.
                if interactive { shell.renderer.width = TerminalSize.current()?.columns }
                handle(line: line, interactive: interactive)
                if !shell.isContinuing {
                    if var file = history {
                        if let entry = try? file.add(typed) { reader.addHistory(entry) }
                        history = file
                    }
                    typed = ""
                }
            }
        }
        return finalOutcome
    }

    private var finalOutcome: Outcome { outcome ?? (sawError ? .failed : .answered) }

    private func handle(line: String, interactive: Bool) {
        show(interruptible { shell.handle(line: line) }, interactive: interactive)
    }

    /// Runs shell work while Ctrl-C cancels the query on the server.
    private func interruptible(_ body: () -> [ShellEvent]) -> [ShellEvent] {
        interrupts.whileRunning(body, onInterrupt: shell.engine.cancel)
    }

    private func show(_ events: [ShellEvent], interactive: Bool) {
        for event in events {
            switch event {
            case .answer(let text):
                if let path = shell.outputPath {
                    append(text, to: path)
                } else if interactive, Pager().shouldPage(text, terminal: TerminalSize.current()), Pager().show(text) {
                    // shown by the pager
                } else {
                    Console.write(text)
                }
            case .info(let text):
                Console.write(text)
            case .notice(let text):
                if interactive { Console.write(text) }
            case .error(let error):
                report(error)
            case .quit:
                isDone = true
            }
            if isDone { return }
        }
    }

    private func report(_ error: ShellError) {
        switch error.kind {
        case .cancelled: Console.writeError("query cancelled\n")
        case .query: Console.writeError(error.message.hasSuffix("\n") ? error.message : error.message + "\n")
        default: Console.writeError("error: \(error.message)\n")
        }
        if countsErrors { sawError = true }
        if error.kind == .connectionLost {
            outcome = .connectionLost
            isDone = true
        } else if error.kind == .cancelled, countsErrors {
            // Ctrl-C in a script stops the script, as psql does.
            outcome = stopsOnError ? .stoppedAtError : .failed
            isDone = true
        } else if stopsOnError {
            outcome = .stoppedAtError
            isDone = true
        }
    }

    private func append(_ text: String, to path: String) {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            report(ShellError(.file, "cannot write to \(path); \\o with no file sends answers back to the screen"))
            return
        }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(text.utf8))
    }
}
