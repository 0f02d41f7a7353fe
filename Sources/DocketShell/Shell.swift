public import DocketQuery
import Foundation

/// What handling a line produced, for the terminal (or a script's output) to show.
public enum ShellEvent: Equatable, Sendable {
    /// An answer, or the text of `\sql` and `\explain`: goes to the `\o` file when one is set.
    case answer(String)
    /// Help, `\d`, `\stamp`: always to the screen.
    case info(String)
    /// A setting changed (`Expanded display is on.`): shown at a terminal, not in a script's output.
    case notice(String)
    case error(ShellError)
    case quit
}

/// The analyst's shell, without a terminal: it takes lines as typed and returns what to show.
///
/// It keeps the session's settings (`\x`, `\format`, `\timing`, `\as-of`, `\o`), the last query and the
/// stamp of the last answer, and the query being typed. The terminal (line editing, Ctrl-C, the pager) is
/// the caller's; so the shell is tested by feeding it lines.
public final class Shell {
    public let engine: any QueryEngine
    /// The sources and fields queries may use; `\d` and completion read it too.
    public let catalogue: QueryCatalogue
    public var renderer = AnswerRenderer()
    public var showsTiming: Bool
    public private(set) var asOf: AsOf?
    /// Where answers go (`\o FILE`), or nil for the screen.
    public private(set) var outputPath: String?
    /// In a script run with `--on-error-stop`, the rest of an `\i` file is skipped after an error.
    public var stopsOnError = false
    public private(set) var lastQuery: String?
    public private(set) var lastStamp: Stamp?
    var buffer = StatementBuffer()
    private var includeDepth = 0
    private let now: () -> ContinuousClock.Instant

    public init(engine: any QueryEngine, catalogue: QueryCatalogue = .standard, showsTiming: Bool = true,
                now: @escaping () -> ContinuousClock.Instant = { .now }) {
        self.engine = engine
        self.catalogue = catalogue
        self.showsTiming = showsTiming
        self.now = now
    }

    /// The prompt for the next line: `docket> `, or `  ...> ` while a query is being continued; with a
    /// session `\as-of`, it says so (`docket@2012-04-01> `).
    public var prompt: String {
        var head = "docket"
        switch asOf {
        case .time(let time)?: head += "@" + time
        case .position(let position)?: head += "@" + String(position)
        case nil: break
        }
        return buffer.isContinuing ? String(repeating: " ", count: max(0, head.count - 3)) + "...> " : head + "> "
    }

    /// Whether a query has been started on earlier lines and not yet ended with `;`.
    public var isContinuing: Bool { buffer.isContinuing }

    /// The query typed so far (for completion to know the current source).
    public var pendingText: String { buffer.pending }

    /// Ctrl-C at the prompt: forget the query being typed.
    public func clearPending() { buffer.clear() }

    /// Handles one typed line; `;` ends queries, so a line may complete none, one or several.
    public func handle(line: String) -> [ShellEvent] {
        var events: [ShellEvent] = []
        for statement in buffer.add(line: line) {
            let produced = handle(statement)
            events += produced
            // Ctrl-C stops what was asked for on this line, not just its current query.
            if produced.contains(.quit) || Self.wasCancelled(produced) { break }
        }
        return events
    }

    /// The end of a script or file: a query left without `;` is run (a script's last query often has none).
    public func finish() -> [ShellEvent] {
        let rest = buffer.pending.trimmingCharacters(in: .whitespacesAndNewlines)
        buffer.clear()
        guard !rest.isEmpty else { return [] }
        return handle(.query(rest))
    }

    func handle(_ statement: StatementBuffer.Statement) -> [ShellEvent] {
        switch statement {
        case .query(let text): return run(text)
        case .command(let line):
            do throws(ShellError) {
                return try perform(try ShellCommand.parse(line))
            } catch {
                return [.error(error)]
            }
        }
    }

    func run(_ query: String) -> [ShellEvent] {
        lastQuery = query
        let started = now()
        do throws(ShellError) {
            let answer = try engine.run(try compile(query))
            let elapsed = now() - started
            lastStamp = answer.stamp
            let signedOn = answer.stamp.checkpoint.flatMap(engine.signedOn)
            return [.answer(renderer.render(answer, elapsed: showsTiming ? elapsed : nil, checkpointSignedOn: signedOn))]
        } catch {
            return [.error(error)]
        }
    }

    /// Compiles a query with the session's `\as-of` applied; a mistake comes back located in the text.
    public func compile(_ query: String) throws(ShellError) -> CompiledQuery {
        let text = applyingSessionAsOf(to: query)
        switch QueryCompiler.compile(text, catalogue: catalogue) {
        case .success(let compiled): return compiled
        case .failure(let error): throw ShellError(.query, error.rendered(source: text, name: "query"))
        }
    }

    /// The query with the session's `\as-of` clause written after its source, when it reads the current
    /// state (a query that says `as of`, `history of` or `changes` keeps its own time). The clause is text
    /// the person can see in `\sql` and in any error, not a hidden rewrite.
    func applyingSessionAsOf(to query: String) -> String {
        guard let asOf, case .success(let compiled) = QueryCompiler.compile(query, catalogue: catalogue),
              compiled.temporal == .current, let tokens = try? Lexer.tokens(query),
              let from = tokens.firstIndex(where: { $0.kind == .identifier("from") }), from + 1 < tokens.count,
              case .identifier = tokens[from + 1].kind
        else { return query }
        var scalars = Array(query.unicodeScalars)
        scalars.insert(contentsOf: (" " + asOf.clause).unicodeScalars, at: tokens[from + 1].span.end)
        return String(String.UnicodeScalarView(scalars))
    }

    func perform(_ command: ShellCommand) throws(ShellError) -> [ShellEvent] {
        switch command {
        case .help: return [.info(ShellCommand.helpText)]
        case .describeSources: return [.info(CatalogueDescription.sources(catalogue, width: renderer.width))]
        case .describe(let name):
            guard let source = catalogue.source(named: name) ?? catalogue.source(singular: name) else {
                let hint = suggestion(for: name, among: catalogue.sourceNames).map { "; did you mean \($0)?" } ?? ""
                throw ShellError(.badCommand, "no source called \"\(name)\"\(hint) (\\d lists them)")
            }
            return [.info(CatalogueDescription.fields(of: source, width: renderer.width))]
        case .expanded(let mode):
            let next = mode ?? (renderer.expanded == .on ? .off : .on)
            renderer.expanded = next
            return [.notice("Expanded display is \(next.rawValue).\n")]
        case .format(let format):
            renderer.format = format
            return [.notice("Answers are shown as \(format.rawValue).\n")]
        case .timing(let setting):
            showsTiming = setting ?? !showsTiming
            return [.notice("Timing is \(showsTiming ? "on" : "off").\n")]
        case .sql:
            guard let lastQuery else { throw ShellError(.badCommand, "no query yet: \\sql shows the SQL of the last query") }
            return [.answer(QueryCompiler.listing(try compile(lastQuery)))]
        case .explain:
            guard let lastQuery else { throw ShellError(.badCommand, "no query yet: \\explain shows the plan of the last query") }
            return [.answer(try engine.explain(try compile(lastQuery)))]
        case .asOf(let setting):
            if let setting, let probe = catalogue.sources.first(where: \.hasHistory),
               case .failure(let error) = QueryCompiler.compile("from \(probe.name) \(setting.clause)", catalogue: catalogue) {
                throw ShellError(.badCommand, "\\as-of: \(error.message)" + (error.hints.first.map { "; \($0)" } ?? ""))
            }
            asOf = setting
            return [.notice(setting.map { "Queries now ask about the ledger \($0.clause) (unless they say otherwise).\n" }
                ?? "Queries now ask about the ledger as it is.\n")]
        case .stamp:
            guard let stamp = lastStamp else { throw ShellError(.badCommand, "no answer yet: \\stamp describes the last answer") }
            var text = "position   \(stamp.position) (\(stamp.basis.rawValue))\nroot       \(stamp.root)\n"
            if let checkpoint = stamp.checkpoint {
                text += "checkpoint " + (engine.signedOn(checkpoint).map { "signed \($0), " } ?? "")
                    + "tree size \(checkpoint.treeSize), key \(checkpoint.keyName), origin \(checkpoint.origin)\n"
                text += "           root \(checkpoint.root)\n"
            } else {
                text += "checkpoint none at or below this position (docket checkpoint signs one)\n"
            }
            return [.info(text)]
        case .include(let path): return include(path)
        case .output(let path):
            guard let path else {
                outputPath = nil
                return [.notice("Answers go to the screen.\n")]
            }
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil) else {
                    throw ShellError(.file, "cannot create \(path): check the folder exists and is writable")
                }
            } else if !FileManager.default.isWritableFile(atPath: path) {
                throw ShellError(.file, "cannot write to \(path)")
            }
            outputPath = path
            return [.notice("Answers go to \(path) (appended).\n")]
        case .quit: return [.quit]
        }
    }

    static func wasCancelled(_ events: [ShellEvent]) -> Bool {
        events.contains { if case .error(let error) = $0 { error.kind == .cancelled } else { false } }
    }

    /// `\i FILE`: its lines as if typed, with a buffer of their own. Ctrl-C stops the rest of the file.
    func include(_ path: String) -> [ShellEvent] {
        guard includeDepth < 16 else { return [.error(ShellError(.file, "\\i \(path): files include each other too deeply"))] }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return [.error(ShellError(.file, "cannot read \(path): no such file, or not readable text"))]
        }
        includeDepth += 1
        let saved = buffer
        buffer = StatementBuffer()
        defer {
            buffer = saved
            includeDepth -= 1
        }
        var events: [ShellEvent] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let produced = handle(line: String(line))
            events += produced
            if produced.contains(.quit) || Self.wasCancelled(produced) { return events }
            if stopsOnError, produced.contains(where: { if case .error = $0 { true } else { false } }) { return events }
        }
        return events + finish()
    }
}
