/// Tokens → syntax tree, by recursive descent. Precedence, loosest first: `or`, `and`, `not`,
/// comparisons (`== != < <= > >= ~ in is`), `+ -`, `* /`, unary `-`.
public struct Parser {
    private let tokens: [Token]
    private let scalars: [Unicode.Scalar]
    private var index = 0

    static let stageNames = ["where", "select", "derive", "group", "aggregate", "distinct", "sort", "take", "expand"]
    static let keywords = stageNames + ["from", "history", "of", "as", "position", "changes", "between", "and", "or", "not",
                                        "in", "is", "null", "true", "false", "desc", "asc", "by", "aggregate"]

    public static func parse(_ text: String) throws(QueryError) -> QuerySyntax {
        var parser = Parser(tokens: try Lexer.tokens(text), scalars: Array(text.unicodeScalars))
        return try parser.query()
    }

    private init(tokens: [Token], scalars: [Unicode.Scalar]) {
        self.tokens = tokens
        self.scalars = scalars
    }

    private var current: Token { tokens[index] }
    private var previousEnd: Int { index > 0 ? tokens[index - 1].span.end : 0 }

    private mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func accept(_ symbol: Token.Symbol) -> Bool {
        if current.kind == .symbol(symbol) { _ = advance(); return true }
        return false
    }

    private mutating func acceptKeyword(_ word: String) -> Bool {
        if current.isKeyword(word) { _ = advance(); return true }
        return false
    }

    private func unexpected(_ expected: String, hints: [String] = []) -> QueryError {
        QueryError(.unexpectedToken, "expected \(expected), found \(current.description)", at: current.span, hints: hints)
    }

    private mutating func expect(_ symbol: Token.Symbol, _ what: String) throws(QueryError) {
        guard accept(symbol) else { throw unexpected(what) }
    }

    private mutating func expectKeyword(_ word: String) throws(QueryError) {
        guard acceptKeyword(word) else {
            var hints = [String]()
            if case .identifier(let name) = current.kind, EditDistance.distance(name, word) <= 2 { hints.append("did you mean `\(word)`?") }
            throw unexpected("`\(word)`", hints: hints)
        }
    }

    private mutating func name(_ what: String) throws(QueryError) -> Located<String> {
        guard case .identifier(let name) = current.kind else { throw unexpected(what) }
        return Located(name, advance().span)
    }

    // MARK: Query and stages

    mutating func query() throws(QueryError) -> QuerySyntax {
        if current.kind == .end {
            throw QueryError(.emptyQuery, "the query is empty", at: current.span, hints: ["start with `from SOURCE`, e.g. `from decisions | take 10`"])
        }
        let start = current.span
        let head = try head()
        var stages = [QuerySyntax.Stage]()
        while accept(.pipe) {
            stages.append(try stage())
        }
        guard current.kind == .end else {
            if case .identifier(let word) = current.kind, Self.stageNames.contains(word) {
                throw unexpected("`|` or the end of the query", hints: ["put `|` before `\(word)`"])
            }
            if case .identifier(let word) = current.kind, let close = EditDistance.hint(for: word, among: Self.keywords) {
                throw unexpected("`|` or the end of the query", hints: [close])
            }
            throw unexpected("`|` or the end of the query", hints: ["join stages with `|`"])
        }
        return QuerySyntax(head: head, stages: stages, span: start.through(SourceSpan(previousEnd, previousEnd)))
    }

    private mutating func head() throws(QueryError) -> QuerySyntax.Head {
        if acceptKeyword("history") {
            try expectKeyword("of")
            let kind = try name("a kind of record after `history of`, e.g. `decision`")
            return .history(kind: kind, id: try slug())
        }
        guard acceptKeyword("from") else {
            var hints = ["a query starts with `from SOURCE` or `history of KIND ID`"]
            if case .identifier(let word) = current.kind, let close = EditDistance.suggestion(for: word, among: ["from", "history"]) {
                hints.insert("did you mean `\(close)`?", at: 0)
            }
            throw QueryError(.missingSource, "a query starts with its source", at: current.span, hints: hints)
        }
        let source = try name("a source after `from`, e.g. `decisions`")
        var temporal: QuerySyntax.Temporal?
        if acceptKeyword("as") {
            try expectKeyword("of")
            temporal = .asOf(try point())
        } else if acceptKeyword("changes") {
            try expectKeyword("between")
            let from = try point()
            try expectKeyword("and")
            temporal = .changesBetween(from, try point())
        }
        return .from(source: source, temporal: temporal)
    }

    private mutating func point() throws(QueryError) -> QuerySyntax.Point {
        if acceptKeyword("position") {
            return .position(try primary())
        }
        switch current.kind {
        case .date, .time, .parameter: return .time(try primary())
        default: throw unexpected("a date, a time or `position N`", hints: ["e.g. `as of 2012-04-01`, `as of 2012-04-01T09:00:00Z` or `as of position 1200`"])
        }
    }

    /// An aggregate's id: a string, or a slug written bare (`somerset-diabetes-remodel-2011`): tokens with no
    /// space between them.
    private mutating func slug() throws(QueryError) -> Located<String> {
        if case .string(let text) = current.kind { return Located(text, advance().span) }
        if case .parameter = current.kind {
            throw unexpected("the id of one record", hints: ["write the id itself, e.g. `history of decision somerset-diabetes-remodel-2011`"])
        }
        guard current.kind != .end, current.kind != .symbol(.pipe) else {
            throw unexpected("the id of one record", hints: ["e.g. `history of decision somerset-diabetes-remodel-2011`"])
        }
        let first = advance().span
        var span = first
        while current.kind != .end, current.span.start == span.end, current.kind != .symbol(.pipe) {
            span = span.through(advance().span)
        }
        return Located(String(String.UnicodeScalarView(scalars[span.start..<span.end])), span)
    }

    private mutating func stage() throws(QueryError) -> QuerySyntax.Stage {
        let start = current.span
        guard case .identifier(let word) = current.kind else {
            throw unexpected("a stage (\(Self.stageNames.joined(separator: ", ")))")
        }
        _ = advance()
        func span() -> SourceSpan { start.through(SourceSpan(previousEnd, previousEnd)) }
        switch word {
        case "where": let e = try expression(); return .where(e, span())
        case "select": let items = try items(); return .select(items, span())
        case "derive": let items = try items(requiresNames: true); return .derive(items, span())
        case "group":
            try expectKeyword("by")
            let keys = try items()
            try expectKeyword("aggregate")
            let aggregates = try items()
            return .group(keys: keys, aggregates: aggregates, span())
        case "aggregate":
            let aggregates = try items()
            return .group(keys: [], aggregates: aggregates, span())
        case "distinct": return .distinct(span())
        case "sort":
            var keys = [QuerySyntax.SortKey]()
            repeat {
                let e = try expression()
                var isDescending = false
                if acceptKeyword("desc") { isDescending = true } else { _ = acceptKeyword("asc") }
                keys.append(.init(expression: e, isDescending: isDescending))
            } while accept(.comma)
            return .sort(keys, span())
        case "take": let e = try primary(); return .take(e, span())
        case "expand":
            let path = try expression()
            var alias: Located<String>?
            if acceptKeyword("as") { alias = try name("a name after `as`") }
            return .expand(path, alias: alias, span())
        default:
            var hints = [String]()
            let synonyms = ["filter": "where", "order": "sort", "limit": "take", "head": "take", "project": "select",
                            "let": "derive", "mutate": "derive", "extend": "derive", "summarize": "aggregate", "unnest": "expand"]
            if let stage = synonyms[word] { hints.append("did you mean `\(stage)`?") }
            else if let close = EditDistance.hint(for: word, among: Self.stageNames) { hints.append(close) }
            hints.append("the stages are \(Self.stageNames.joined(separator: ", "))")
            throw QueryError(.unknownStage, "`\(word)` is not a stage", at: start, hints: hints)
        }
    }

    private mutating func items(requiresNames: Bool = false) throws(QueryError) -> [QuerySyntax.Item] {
        var items = [QuerySyntax.Item]()
        repeat {
            var name: Located<String>?
            if case .identifier(let word) = current.kind, tokens[index + 1].kind == .symbol(.assign) {
                name = Located(word, advance().span)
                _ = advance()
            } else if requiresNames {
                throw unexpected("`name = expression`")
            }
            items.append(.init(name: name, expression: try expression()))
        } while accept(.comma)
        return items
    }

    // MARK: Expressions

    private mutating func expression() throws(QueryError) -> Expression { try or() }

    private mutating func or() throws(QueryError) -> Expression {
        var left = try and()
        while acceptKeyword("or") {
            let right = try and()
            left = .binary(.or, left, right, left.span.through(right.span))
        }
        return left
    }

    private mutating func and() throws(QueryError) -> Expression {
        var left = try not()
        while acceptKeyword("and") {
            let right = try not()
            left = .binary(.and, left, right, left.span.through(right.span))
        }
        return left
    }

    private mutating func not() throws(QueryError) -> Expression {
        let start = current.span
        if acceptKeyword("not") {
            let operand = try not()
            return .unary(.not, operand, start.through(operand.span))
        }
        return try comparison()
    }

    private mutating func comparison() throws(QueryError) -> Expression {
        let left = try additive()
        let operators: [Token.Symbol: Expression.BinaryOperator] = [
            .equal: .equal, .notEqual: .notEqual, .less: .less, .lessOrEqual: .lessOrEqual,
            .greater: .greater, .greaterOrEqual: .greaterOrEqual, .tilde: .matches,
        ]
        if case .symbol(let symbol) = current.kind, let op = operators[symbol] {
            _ = advance()
            let right = try additive()
            return .binary(op, left, right, left.span.through(right.span))
        }
        if case .symbol(.assign) = current.kind {
            throw QueryError(.unexpectedToken, "`=` names a column; comparison is `==`", at: current.span, hints: ["write `==` to compare"])
        }
        if acceptKeyword("is") {
            let negated = acceptKeyword("not")
            let end = current.span
            try expectKeyword("null")
            return .isNull(left, isNegated: negated, left.span.through(end))
        }
        if acceptKeyword("in") {
            if accept(.leftParen) {
                var values = [Expression]()
                repeat { values.append(try additive()) } while accept(.comma)
                let end = current.span
                try expect(.rightParen, "`)` after the values of `in`")
                return .inValues(left, values, left.span.through(end))
            }
            let list = try additive()
            return .inList(left, list, left.span.through(list.span))
        }
        return left
    }

    private mutating func additive() throws(QueryError) -> Expression {
        var left = try multiplicative()
        while true {
            let op: Expression.BinaryOperator
            if accept(.plus) { op = .plus } else if accept(.minus) { op = .minus } else { return left }
            let right = try multiplicative()
            left = .binary(op, left, right, left.span.through(right.span))
        }
    }

    private mutating func multiplicative() throws(QueryError) -> Expression {
        var left = try unary()
        while true {
            let op: Expression.BinaryOperator
            if accept(.star) { op = .times } else if accept(.slash) { op = .divide } else { return left }
            let right = try unary()
            left = .binary(op, left, right, left.span.through(right.span))
        }
    }

    private mutating func unary() throws(QueryError) -> Expression {
        let start = current.span
        if accept(.minus) {
            let operand = try unary()
            return .unary(.negate, operand, start.through(operand.span))
        }
        return try primary()
    }

    private mutating func primary() throws(QueryError) -> Expression {
        let token = current
        switch token.kind {
        case .string(let s): _ = advance(); return .literal(.text(s), token.span)
        case .integer(let n): _ = advance(); return .literal(.integer(n), token.span)
        case .decimal(let d): _ = advance(); return .literal(.decimal(d), token.span)
        case .money(let p): _ = advance(); return .literal(.money(p), token.span)
        case .date(let d): _ = advance(); return .literal(.date(d), token.span)
        case .time(let t): _ = advance(); return .literal(.time(t), token.span)
        case .parameter(let name): _ = advance(); return .parameter(name, token.span)
        case .symbol(.leftParen):
            _ = advance()
            let inner = try expression()
            try expect(.rightParen, "`)`")
            return inner
        case .identifier(let word):
            if word == "true" || word == "false" { _ = advance(); return .literal(.boolean(word == "true"), token.span) }
            if word == "null" {
                throw QueryError(.unexpectedToken, "`null` is not a value to compare with", at: token.span,
                                 hints: ["test for a missing value with `is null` or `is not null`"])
            }
            let first = Located(word, advance().span)
            if accept(.leftParen) {
                var arguments = [Expression]()
                if !accept(.rightParen) {
                    repeat { arguments.append(try expression()) } while accept(.comma)
                    try expect(.rightParen, "`)` after the arguments")
                }
                return .call(first, arguments, first.span.through(SourceSpan(previousEnd, previousEnd)))
            }
            var names = [first]
            while accept(.dot) {
                names.append(try name("a field name after `.`"))
            }
            return .path(names)
        default:
            throw unexpected("a value, a field or `(`")
        }
    }
}
