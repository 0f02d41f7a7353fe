/// Syntax tree → one SQL statement: resolves every name against the catalogue, checks types, and drives a
/// ``SelectBuilder`` stage by stage.
struct Resolver {
    let catalogue: QueryCatalogue
    let supplied: [String: String]
    /// The query text, for quoting it in messages.
    let source: [Unicode.Scalar]

    var parameters: [CompiledParameter] = []
    var userParameters: [String: (index: Int, type: QueryType)] = [:]
    var builder = SelectBuilder(from: "")
    /// The row whose fields are in scope by their bare names; nil after `select` or `group`.
    var base: (source: QuerySource, alias: String)?
    /// Names bound by stages (`derive`, `select`, `group`, `expand`), newest last.
    var names: [(name: String, entry: ScopeEntry)] = []
    /// The columns the answer has so far; nil means the source's own fields.
    var outputs: [(name: String, typed: Typed)]?
    var aliasCount = 0
    var joins: [String: String] = [:]
    /// Aliases reached by a left join: even their never-missing columns can be missing there.
    var optionalAliases: Set<String> = []
    var mode: JoinMode = .current
    var temporal: CompiledQuery.TemporalMode = .current
    var sourceName = ""
    var basis: QueryBasis = .tables
    var isVersionListing = false

    /// How a joined source's versions are chosen.
    enum JoinMode {
        case current
        /// The version current at this position (a `$n` or a column).
        case at(String)
    }

    init(catalogue: QueryCatalogue, parameters: [String: String], text: String) {
        self.catalogue = catalogue
        source = Array(text.unicodeScalars)
        supplied = parameters
    }

    mutating func compile(_ query: QuerySyntax) throws(QueryError) -> CompiledQuery {
        try head(query.head)
        for stage in query.stages { try apply(stage) }
        let visible = currentOutputs()
        let sql = builder.sql(outputs: visible.map(\.typed), isFinal: true)
        return CompiledQuery(sql: sql, parameters: parameters, columns: visible.map { QueryColumn(name: $0.name, type: $0.typed.type) },
                             basis: basis, source: sourceName, temporal: temporal)
    }

    // MARK: Head and recorded time

    mutating func nextAlias(_ prefix: String = "t") -> String {
        defer { aliasCount += 1 }
        return "\(prefix)\(aliasCount)"
    }

    mutating func head(_ head: QuerySyntax.Head) throws(QueryError) {
        let source: QuerySource
        let alias: String
        switch head {
        case .from(let name, let clause):
            guard let found = catalogue.source(named: name.value) else {
                var hints = [String]()
                if let close = EditDistance.hint(for: name.value, among: catalogue.sourceNames) { hints.append(close) }
                if let bySingular = catalogue.sources.first(where: { $0.singular == name.value }) { hints = ["did you mean `\(bySingular.name)`?"] }
                if name.value.contains("respondent") {
                    hints.append("respondents' names are personal data and cannot be queried; `responses` holds the responses without them")
                }
                hints.append("the sources are " + catalogue.sourceNames.joined(separator: ", "))
                throw QueryError(.unknownSource, "there is no source `\(name.value)`", at: name.span, hints: hints)
            }
            source = found
            alias = nextAlias()
            builder = SelectBuilder(from: "\(source.table) AS \(alias)")
            base = (source, alias)
            try temporalClause(clause, source: source, alias: alias, span: name.span)
        case .history(let kind, let id):
            guard let found = catalogue.source(singular: kind.value) else {
                let kinds = catalogue.sources.filter(\.hasHistory).map(\.singular)
                var hints = [String]()
                if let close = EditDistance.hint(for: kind.value, among: kinds) { hints.append(close) }
                if let plural = catalogue.sources.first(where: { $0.name == kind.value && $0.hasHistory }) { hints = ["write the kind in the singular: `\(plural.singular)`"] }
                hints.append("the kinds with history are " + kinds.joined(separator: ", "))
                throw QueryError(.unknownKind, "`\(kind.value)` is not a kind of record with history", at: kind.span, hints: hints)
            }
            source = found
            alias = nextAlias()
            builder = SelectBuilder(from: "\(source.table) AS \(alias)")
            base = (source, alias)
            let parameter = addValue(id.value, .text)
            builder.conditions.append("\(alias).id = \(parameter)")
            builder.order = [("\(alias).valid_from_position", false)]
            mode = .at("\(alias).valid_from_position")
            temporal = .history
            isVersionListing = true
            _ = join(catalogue.source(named: "events")!, on: "\(alias).valid_from_position")
        }
        sourceName = source.name
        basis = source.basis
        if isVersionListing {
            // Each version's event, by name: event, actor, occurred, recorded.
            let event = eventAlias(forPositionOf: "\(alias).valid_from_position")
            for (name, column, type) in [("event", "event_type", QueryType.text), ("actor", "actor", .text), ("occurred", "occurred_at", .time),
                                         ("recorded", "recorded_at", .time)] {
                bind(name, .value(Typed(sql: "\(event).\(column)", type: type, span: SourceSpan(0, 0), isNullable: column == "actor")))
            }
        }
    }

    mutating func temporalClause(_ clause: QuerySyntax.Temporal?, source: QuerySource, alias: String, span: SourceSpan) throws(QueryError) {
        let positionColumn = source.hasHistory ? "\(alias).valid_from_position" : "\(alias).position"
        switch clause {
        case nil:
            if source.hasHistory { builder.conditions.append("\(alias).valid_to_position IS NULL") }
            builder.order = source.hasHistory ? [("\(alias).id", false)]
                : source.basis == .log ? [("\(alias).position", false)] : [("\(alias).rule", false), ("\(alias).first_position", false)]
        case .asOf(let point):
            try requireHistory(source, span: span, clause: "as of")
            let p = try position(point, role: .asOf)
            temporal = .asOf(parameter: parameters.count - 1)
            if source.hasHistory {
                builder.conditions.append("\(alias).valid_from_position <= \(p)")
                builder.conditions.append("(\(alias).valid_to_position IS NULL OR \(alias).valid_to_position > \(p))")
                builder.order = [("\(alias).id", false)]
                mode = .at(p)
            } else {
                builder.conditions.append("\(alias).position <= \(p)")
                builder.order = [("\(alias).position", false)]
            }
        case .changesBetween(let from, let to):
            try requireHistory(source, span: span, clause: "changes between")
            let a = try position(from, role: .windowStart)
            let b = try position(to, role: .windowEnd)
            temporal = .changes(from: parameters.count - 2, to: parameters.count - 1)
            builder.conditions.append("\(positionColumn) > \(a)")
            builder.conditions.append("\(positionColumn) <= \(b)")
            builder.order = [(positionColumn, false)] + (source.hasHistory ? [("\(alias).id", false)] : [])
            if source.hasHistory {
                mode = .at(positionColumn)
                isVersionListing = true
                _ = join(catalogue.source(named: "events")!, on: positionColumn)
            }
        }
    }

    func requireHistory(_ source: QuerySource, span: SourceSpan, clause: String) throws(QueryError) {
        guard source.hasHistory || source.basis == .log else {
            throw QueryError(.noHistory, "`\(source.name)` keeps no history, so `\(clause)` does not apply", at: span,
                             hints: ["\(source.name) are derived afresh from the whole log; ask `from events as of …` for the log itself"])
        }
    }

    /// A point of recorded time as a `$n` position. A date means midnight UTC at its start; the end of a
    /// `changes between` window given as a date includes that whole day.
    mutating func position(_ point: QuerySyntax.Point, role: PointRole) throws(QueryError) -> String {
        switch point {
        case .position(let expression):
            let value: Int64
            switch expression {
            case .literal(.integer(let n), _): value = n
            case .parameter(let name, let span):
                guard let text = supplied[name] else { throw missing(name, span) }
                guard let n = Int64(text), n >= 0 else {
                    throw QueryError(.badParameter, "$\(name) = \"\(text)\" is not a log position", at: span, hints: ["give a whole number, e.g. --param \(name)=1200"])
                }
                value = n
            default:
                throw QueryError(.typeMismatch, "a log position is a whole number", at: expression.span, hints: ["e.g. `as of position 1200`"])
            }
            return addPosition(.position(value))
        case .time(let expression):
            let text: String
            let isDate: Bool
            switch expression {
            case .literal(.date(let d), _): (text, isDate) = (d, true)
            case .literal(.time(let t), _): (text, isDate) = (t, false)
            case .parameter(let name, let span):
                guard let value = supplied[name] else { throw missing(name, span) }
                switch try? Lexer.tokens(value).first?.kind {
                case .date(let d)?: (text, isDate) = (d, true)
                case .time(let t)?: (text, isDate) = (t, false)
                default:
                    throw QueryError(.badParameter, "$\(name) = \"\(value)\" is not a date or a time", at: span,
                                     hints: ["give 2012-04-01 or 2012-04-01T09:00:00Z"])
                }
            default:
                throw QueryError(.typeMismatch, "expected a date or a time", at: expression.span, hints: ["e.g. `as of 2012-04-01`"])
            }
            switch role {
            case .asOf:
                return addPosition(.lastRecordedAtOrBefore(isDate ? text + "T00:00:00Z" : text))
            case .windowStart:
                return addPosition(.lastRecordedBefore(isDate ? text + "T00:00:00Z" : text))
            case .windowEnd:
                return addPosition(isDate ? .lastRecordedBefore(Self.dayAfter(text) + "T00:00:00Z") : .lastRecordedAtOrBefore(text))
            }
        }
    }

    enum PointRole { case asOf, windowStart, windowEnd }

    static func dayAfter(_ date: String) -> String {
        let p = date.split(separator: "-").compactMap { Int($0) }
        var (y, m, d) = (p[0], p[1], p[2] + 1)
        if !Lexer.isValidDate(dayText(y, m, d)) { (m, d) = (m + 1, 1) }
        if m > 12 { (y, m) = (y + 1, 1) }
        return dayText(y, m, d)
    }

    mutating func addPosition(_ request: PositionRequest) -> String {
        parameters.append(.position(request))
        return "$\(parameters.count)::bigint"
    }

    mutating func addValue(_ text: String, _ type: QueryType) -> String {
        parameters.append(.value(text, type))
        return "$\(parameters.count)::\(type.parameterCast)"
    }

    func missing(_ name: String, _ span: SourceSpan) -> QueryError {
        QueryError(.missingParameter, "no value was given for $\(name)", at: span, hints: ["give it with --param \(name)=VALUE"])
    }
}

func dayText(_ y: Int, _ m: Int, _ d: Int) -> String {
    func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
}
