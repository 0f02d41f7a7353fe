#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libedit's readline-compatible interface, loaded at run time.
///
/// libedit is BSD-licensed; GNU readline (GPL) is never linked. The system's runtime library is opened by
/// name with `dlopen`, so building needs no `libedit-dev` and a machine without libedit still runs docket
/// (with plain line input). The few functions and variables used are declared here, with the signatures of
/// libedit's `editline/readline.h`.
struct LibEdit {
    typealias LineHandler = @convention(c) (UnsafeMutablePointer<CChar>?) -> Void
    typealias CompletionFunction =
        @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

    let initialize: @convention(c) () -> Int32
    let callbackHandlerInstall: @convention(c) (UnsafePointer<CChar>?, LineHandler?) -> Void
    let callbackReadChar: @convention(c) () -> Void
    let callbackHandlerRemove: @convention(c) () -> Void
    let addHistory: @convention(c) (UnsafePointer<CChar>?) -> Int32
    /// Re-reads the terminal's size and redraws the line (after SIGWINCH).
    let resizeTerminal: @convention(c) () -> Void

    /// `int rl_catch_signals`: 0 keeps libedit from installing signal handlers of its own.
    let catchSignals: UnsafeMutablePointer<Int32>
    /// `const char *rl_readline_name`: the program's name in `~/.editrc`.
    let readlineName: UnsafeMutablePointer<UnsafePointer<CChar>?>
    /// `const char *rl_basic_word_break_characters`: libedit reads this one, not
    /// `rl_completer_word_break_characters`, to find the word under the cursor.
    let wordBreakCharacters: UnsafeMutablePointer<UnsafePointer<CChar>?>
    /// `rl_completion_func_t *rl_attempted_completion_function`.
    let attemptedCompletionFunction: UnsafeMutablePointer<CompletionFunction?>
    /// `int rl_attempted_completion_over`: 1 stops libedit falling back to completing file names.
    let attemptedCompletionOver: UnsafeMutablePointer<Int32>
    /// `int rl_completion_append_character`: written after a unique completion ('\0' for nothing).
    let completionAppendCharacter: UnsafeMutablePointer<Int32>
    /// `char *rl_line_buffer`: the line being edited, as multibyte text.
    let lineBuffer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    /// The library names tried, in order: Debian's and most Linux distributions', then macOS's.
    static let libraryNames = ["libedit.so.2", "libedit.so.0", "libedit.so", "libedit.3.dylib", "libedit.dylib"]

    /// Opens libedit, or nil if the system has none (or `DOCKET_LINE_EDITING=off`).
    static func load() -> LibEdit? {
        if getenv("DOCKET_LINE_EDITING").map({ String(cString: $0) }) == "off" { return nil }
        for name in libraryNames {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            if let libedit = LibEdit(handle: handle) { return libedit }
            dlclose(handle)
        }
        return nil
    }

    private init?(handle: UnsafeMutableRawPointer) {
        func symbol(_ name: String) -> UnsafeMutableRawPointer? { dlsym(handle, name) }
        func function<F>(_ name: String, as type: F.Type) -> F? {
            symbol(name).map { unsafeBitCast($0, to: type) }
        }
        func variable<T>(_ name: String, as type: T.Type) -> UnsafeMutablePointer<T>? {
            symbol(name)?.assumingMemoryBound(to: type)
        }
        guard
            let initialize = function("rl_initialize", as: (@convention(c) () -> Int32).self),
            let install = function("rl_callback_handler_install",
                                   as: (@convention(c) (UnsafePointer<CChar>?, LineHandler?) -> Void).self),
            let readChar = function("rl_callback_read_char", as: (@convention(c) () -> Void).self),
            let remove = function("rl_callback_handler_remove", as: (@convention(c) () -> Void).self),
            let addHistory = function("add_history", as: (@convention(c) (UnsafePointer<CChar>?) -> Int32).self),
            let resize = function("rl_resize_terminal", as: (@convention(c) () -> Void).self),
            let catchSignals = variable("rl_catch_signals", as: Int32.self),
            let readlineName = variable("rl_readline_name", as: UnsafePointer<CChar>?.self),
            let wordBreak = variable("rl_basic_word_break_characters", as: UnsafePointer<CChar>?.self),
            let attempted = variable("rl_attempted_completion_function", as: CompletionFunction?.self),
            let over = variable("rl_attempted_completion_over", as: Int32.self),
            let append = variable("rl_completion_append_character", as: Int32.self),
            let lineBuffer = variable("rl_line_buffer", as: UnsafeMutablePointer<CChar>?.self)
        else { return nil }
        self.initialize = initialize
        callbackHandlerInstall = install
        callbackReadChar = readChar
        callbackHandlerRemove = remove
        self.addHistory = addHistory
        resizeTerminal = resize
        self.catchSignals = catchSignals
        self.readlineName = readlineName
        wordBreakCharacters = wordBreak
        attemptedCompletionFunction = attempted
        attemptedCompletionOver = over
        completionAppendCharacter = append
        self.lineBuffer = lineBuffer
    }
}
