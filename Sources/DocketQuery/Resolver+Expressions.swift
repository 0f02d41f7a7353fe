/// Where a condition stands: at the top of a `where` (a missing result drops the row either way, so it can
/// stay plain SQL and use indexes), or anywhere else (where it must be exactly true or false).
enum ConditionContext { case filter, value }

extension Resolver {
    mutating func resolve(_ expression: Expression, context: ConditionContext, allowsAggregates: Bool = false) throws(QueryError) -> Typed {
        switch expression {
        case .literal(let literal, let span):
            return literalValue(literal, span: span)
        case .parameter(let name, let span):
            throw QueryError(.untypedParameter, "cannot tell the type of $\(name) here", at: span,
                             hints: ["use it where its type is known, e.g. `taken_on >= $\(name)` or `status == $\(name)`"])
        case .path(let path):
            switch try resolvePath(path) {
            case .value(var typed):
                typed.span = expression.span
                return typed
            case .row(let source, let alias):
                let key = source.basis == .log ? "position" : "id"
                var typed = Typed(sql: "\(alias).\(key)", type: key == "id" ? .text : .integer, span: expression.span, isNullable: false)
                typed.reference = source.name
                return typed
            }
        case .unary(.not, let operand, let span):
            let inner = try resolve(operand, context: .value, allowsAggregates: allowsAggregates)
            try requireBoolean(inner, "`not`")
            return Typed(sql: "NOT \(definite(inner))", type: .boolean, span: span, isNullable: false, isAggregate: inner.isAggregate)
        case .unary(.negate, let operand, let span):
            let inner = try resolve(operand, context: .value, allowsAggregates: allowsAggregates)
            guard inner.type.isNumeric else {
                throw QueryError(.typeMismatch, "cannot negate a \(inner.type)", at: span, hints: [])
            }
            return Typed(sql: "(- \(inner.sql))", type: inner.type, span: span, isNullable: inner.isNullable, isAggregate: inner.isAggregate)
        case .binary(let op, let left, let right, let span):
            return try binary(op, left, right, span: span, context: context, allowsAggregates: allowsAggregates)
        case .isNull(let operand, let isNegated, let span):
            let inner = try resolve(operand, context: .value, allowsAggregates: allowsAggregates)
            return Typed(sql: "(\(inner.sql) IS \(isNegated ? "NOT " : "")NULL)", type: .boolean, span: span, isNullable: false, isAggregate: inner.isAggregate)
        case .inValues(let operand, let values, let span):
            let inner = try resolve(operand, context: .value, allowsAggregates: allowsAggregates)
            var items = [String]()
            for value in values {
                let typed = try operandTyped(value, as: inner, allowsAggregates: allowsAggregates)
                try requireComparable(inner, typed, "==", span: span)
                items.append(typed.sql)
            }
            let sql = "\(inner.sql) IN (\(items.joined(separator: ", ")))"
            return condition(sql, span: span, isNullable: inner.isNullable, context: context, isAggregate: inner.isAggregate)
        case .inList(let operand, let list, let span):
            let listTyped = try resolve(list, context: .value, allowsAggregates: allowsAggregates)
            guard case .list(.text) = listTyped.type else {
                let hint = listTyped.type.isList ? "`expand` a list of records and test its fields" : "write `x in (\"a\", \"b\")` to test against values"
                throw QueryError(.notAList, "`in` needs a list of text on its right, but this is a \(listTyped.type)", at: list.span, hints: [hint])
            }
            let element = try operandTyped(operand, as: Typed(sql: "", type: .text, span: span), allowsAggregates: allowsAggregates)
            guard element.type == .text else {
                throw QueryError(.typeMismatch, "cannot look for a \(element.type) in a list of text", at: operand.span, hints: ["quote it: \"…\""])
            }
            return condition("(\(listTyped.sql) ? \(element.sql))", span: span, isNullable: true, context: context, isAggregate: false)
        case .call(let function, let arguments, let span):
            return try call(function, arguments, span: span, allowsAggregates: allowsAggregates)
        }
    }

    private func requireBoolean(_ typed: Typed, _ what: String) throws(QueryError) {
        guard typed.type == .boolean else {
            throw QueryError(.typeMismatch, "\(what) needs true or false, but this is a \(typed.type)", at: typed.span, hints: [])
        }
    }

    /// A boolean that is never missing: missing counts as false.
    private func definite(_ typed: Typed) -> String {
        typed.isNullable ? "coalesce(\(typed.sql), false)" : typed.sql
    }

    private func condition(_ sql: String, span: SourceSpan, isNullable: Bool, context: ConditionContext, isAggregate: Bool) -> Typed {
        if context == .filter || !isNullable {
            return Typed(sql: "(\(sql))", type: .boolean, span: span, isNullable: isNullable, isAggregate: isAggregate)
        }
        return Typed(sql: "coalesce(\(sql), false)", type: .boolean, span: span, isNullable: false, isAggregate: isAggregate)
    }

    /// A literal becomes a `$n` parameter: no value from the query text enters the SQL.
    mutating func literalValue(_ literal: Expression.Literal, span: SourceSpan) -> Typed {
        let (text, type): (String, QueryType) = switch literal {
        case .text(let s): (s, .text)
        case .integer(let n): (String(n), .integer)
        case .decimal(let d): (d, .number)
        case .money(let p): (String(p), .money)
        case .date(let d): (d, .date)
        case .time(let t): (t, .time)
        case .boolean(let b): (b ? "true" : "false", .boolean)
        }
        return Typed(sql: addValue(text, type), type: type, span: span, isNullable: false, isConstant: true)
    }

    /// The other side of a comparison: a parameter takes the type of `partner`; a literal is registered.
    mutating func operandTyped(_ expression: Expression, as partner: Typed, allowsAggregates: Bool) throws(QueryError) -> Typed {
        if case .parameter(let name, let span) = expression {
            var type = partner.type
            if partner.recordFields != nil { type = .text }
            if case .list = type { type = .text }
            return try userParameter(name, type: type, span: span)
        }
        return (try resolve(expression, context: .value, allowsAggregates: allowsAggregates))
    }

    mutating func userParameter(_ name: String, type: QueryType, span: SourceSpan) throws(QueryError) -> Typed {
        if let known = userParameters[name] {
            guard known.type == type else {
                throw QueryError(.typeMismatch, "$\(name) is used as a \(known.type) and as a \(type)", at: span, hints: ["use two parameters"])
            }
            return Typed(sql: "$\(known.index)::\(type.parameterCast)", type: type, span: span, isNullable: false, isConstant: true)
        }
        guard let text = supplied[name] else {
            throw QueryError(.missingParameter, "no value was given for $\(name)", at: span, hints: ["give it with --param \(name)=VALUE (a \(type))"])
        }
        guard !text.unicodeScalars.contains("\u{0}"), let value = ParameterValue.parse(text, as: type) else {
            throw QueryError(.badParameter, "$\(name) = \(CompiledParameter.quoted(text)) is not a \(type)", at: span, hints: [ParameterValue.example(type)])
        }
        parameters.append(.value(value, type))
        userParameters[name] = (parameters.count, type)
        return Typed(sql: "$\(parameters.count)::\(type.parameterCast)", type: type, span: span, isNullable: false, isConstant: true)
    }

    private func requireComparable(_ a: Typed, _ b: Typed, _ op: String, span: SourceSpan) throws(QueryError) {
        let aText = text(of: a.span), bText = text(of: b.span)
        if a.type == b.type, a.type.isOrdered { return }
        if a.type.isNumeric, b.type.isNumeric, a.type != .money, b.type != .money { return }
        var hints = [String]()
        if a.type == .money || b.type == .money { hints.append("write amounts of money in pounds: £1,250,000.00 or £2.4m") }
        if a.type == .date && b.type == .text || a.type == .text && b.type == .date { hints.append("write dates unquoted: 2012-04-01") }
        if a.type == .time && b.type == .date || a.type == .date && b.type == .time { hints.append("take the date of a time with date(x)") }
        if a.type.isList || b.type.isList { hints.append("test membership with `\"x\" in list`, or `expand` the list") }
        throw QueryError(.typeMismatch, "cannot compare \(a.type) with \(b.type): \(aText) \(op) \(bText)", at: span, hints: hints)
    }

    private mutating func binary(_ op: Expression.BinaryOperator, _ left: Expression, _ right: Expression, span: SourceSpan,
                                 context: ConditionContext, allowsAggregates: Bool) throws(QueryError) -> Typed {
        switch op {
        case .and, .or:
                        let l = try resolve(left, context: context, allowsAggregates: allowsAggregates)
            let r = try resolve(right, context: context, allowsAggregates: allowsAggregates)
            try requireBoolean(l, "`\(op.rawValue)`")
            try requireBoolean(r, "`\(op.rawValue)`")
            let word = op == .and ? "AND" : "OR"
            if context == .filter {
                return Typed(sql: "(\(l.sql) \(word) \(r.sql))", type: .boolean, span: span, isNullable: true, isAggregate: l.isAggregate || r.isAggregate)
            }
            return Typed(sql: "(\(definite(l)) \(word) \(definite(r)))", type: .boolean, span: span, isNullable: false, isAggregate: l.isAggregate || r.isAggregate)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .matches:
            let (l, r) = try pair(left, right, allowsAggregates: allowsAggregates)
            if op == .matches {
                guard l.type == .text, r.type == .text else {
                    throw QueryError(.typeMismatch, "`~` matches text with text, not \(l.type) with \(r.type)", at: span,
                                     hints: ["e.g. `title ~ \"diabetes\"` (case-insensitive, anywhere in the text)"])
                }
                return condition("strpos(lower(\(l.sql)), lower(\(r.sql))) > 0", span: span, isNullable: l.isNullable || r.isNullable,
                                 context: context, isAggregate: l.isAggregate || r.isAggregate)
            }
            try requireComparable(l, r, op.rawValue, span: span)
            let isAggregate = l.isAggregate || r.isAggregate
            if op == .equal || op == .notEqual {
                // The null rule: == and != treat a missing value as a value, equal only to another missing one.
                if !l.isNullable || !r.isNullable {
                    if op == .equal { return condition("\(l.sql) = \(r.sql)", span: span, isNullable: true, context: context, isAggregate: isAggregate) }
                    return Typed(sql: "(\(l.sql) IS DISTINCT FROM \(r.sql))", type: .boolean, span: span, isNullable: false, isAggregate: isAggregate)
                }
                let word = op == .equal ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM"
                return Typed(sql: "(\(l.sql) \(word) \(r.sql))", type: .boolean, span: span, isNullable: false, isAggregate: isAggregate)
            }
            return condition("\(l.sql) \(op.rawValue) \(r.sql)", span: span, isNullable: l.isNullable || r.isNullable, context: context, isAggregate: isAggregate)
        case .plus, .minus, .times, .divide:
            let (l, r) = try pair(left, right, allowsAggregates: allowsAggregates)
            return try arithmetic(op, l, r, span: span)
        }
    }

    /// Both sides of a binary operator; a parameter on either side takes the other side's type.
    private mutating func pair(_ left: Expression, _ right: Expression, allowsAggregates: Bool) throws(QueryError) -> (Typed, Typed) {
        if case .parameter = left, case .parameter = right {
            throw QueryError(.untypedParameter, "cannot tell the types of two parameters compared with each other", at: left.span.through(right.span), hints: [])
        }
        if case .parameter = left {
            let r = (try resolve(right, context: .value, allowsAggregates: allowsAggregates))
            return (try operandTyped(left, as: r, allowsAggregates: allowsAggregates), r)
        }
        let l = (try resolve(left, context: .value, allowsAggregates: allowsAggregates))
        return (l, try operandTyped(right, as: l, allowsAggregates: allowsAggregates))
    }

    private func arithmetic(_ op: Expression.BinaryOperator, _ l: Typed, _ r: Typed, span: SourceSpan) throws(QueryError) -> Typed {
        let nullable = l.isNullable || r.isNullable
        let aggregate = l.isAggregate || r.isAggregate
        func result(_ sql: String, _ type: QueryType) -> Typed {
            Typed(sql: sql, type: type, span: span, isNullable: nullable || op == .divide, isAggregate: aggregate)
        }
        let o = op.rawValue
        switch (l.type, r.type, op) {
        case (.date, .date, .minus): return result("(\(l.sql) - \(r.sql))", .integer)
        case (.date, .integer, .plus), (.date, .integer, .minus): return result("(\(l.sql) \(o) \(r.sql)::integer)", .date)
        case (.integer, .date, .plus): return result("(\(r.sql) + \(l.sql)::integer)", .date)
        case (.money, .money, .plus), (.money, .money, .minus), (.integer, .integer, .plus), (.integer, .integer, .minus),
             (.integer, .integer, .times):
            return result("(\(l.sql) \(o) \(r.sql))", l.type)
        case (.money, .integer, .times), (.money, .number, .times): return result("round(\(l.sql) * \(r.sql))::bigint", .money)
        case (.integer, .money, .times), (.number, .money, .times): return result("round(\(l.sql) * \(r.sql))::bigint", .money)
        case (.money, .integer, .divide), (.money, .number, .divide):
            return result("round(\(l.sql)::numeric / nullif(\(r.sql), 0))::bigint", .money)
        case (.money, .money, .divide), (.integer, .integer, .divide), (.number, .number, .divide), (.integer, .number, .divide), (.number, .integer, .divide):
            return result("(\(l.sql)::numeric / nullif(\(r.sql), 0))", .number)
        case (.number, .number, _), (.integer, .number, _), (.number, .integer, _):
            return result("(\(l.sql)::numeric \(o) \(r.sql))", .number)
        default:
            var hints = [String]()
            if l.type == .date || r.type == .date { hints.append("dates subtract to a number of days; add or subtract whole days to a date") }
            if l.type == .money || r.type == .money { hints.append("money adds to money, and multiplies or divides by a number") }
            throw QueryError(.typeMismatch, "cannot apply `\(o)` to \(l.type) and \(r.type)", at: span, hints: hints)
        }
    }

    private mutating func call(_ function: Located<String>, _ arguments: [Expression], span: SourceSpan, allowsAggregates: Bool) throws(QueryError) -> Typed {
        let name = function.value
        guard QueryCatalogue.functions.contains(where: { $0.name == name }) else {
            var hints = [String]()
            if let close = EditDistance.hint(for: name, among: QueryCatalogue.functions.map(\.name)) { hints.append(close) }
            hints.append("the functions are " + QueryCatalogue.functions.map(\.name).joined(separator: ", "))
            throw QueryError(.unknownFunction, "there is no function `\(name)`", at: function.span, hints: hints)
        }
        let isAggregate = QueryCatalogue.aggregateNames.contains(name)
        if isAggregate && !allowsAggregates {
            throw QueryError(.aggregateOutsideGroup, "`\(name)` is an aggregate; it belongs in `group by … aggregate …`", at: span,
                             hints: ["e.g. `group by financial_year aggregate total = sum(amount)`"])
        }
        var args = [Typed]()
        for argument in arguments {
            let typed = (try resolve(argument, context: .value))
            if typed.isAggregate {
                throw QueryError(.aggregateOutsideGroup, "aggregates cannot be nested", at: argument.span, hints: [])
            }
            args.append(typed)
        }
        func arity(_ n: Int) throws(QueryError) {
            guard args.count == n else {
                throw QueryError(.wrongArgumentCount, "`\(name)` takes \(n) argument\(n == 1 ? "" : "s"), not \(args.count)", at: span,
                                 hints: [QueryCatalogue.functions.first { $0.name == name }!.signature])
            }
        }
        func wrong(_ expected: String) -> QueryError {
            QueryError(.typeMismatch, "`\(name)` takes \(expected), not a \(args[0].type)", at: arguments[0].span,
                       hints: [QueryCatalogue.functions.first { $0.name == name }!.signature])
        }
        switch name {
        case "count":
            if args.isEmpty { return Typed(sql: "count(*)", type: .integer, span: span, isNullable: false, isAggregate: true) }
            try arity(1)
            return Typed(sql: "count(\(args[0].sql))", type: .integer, span: span, isNullable: false, isAggregate: true)
        case "sum", "avg":
            try arity(1)
            guard args[0].type.isNumeric else { throw wrong("an integer, number or money") }
            if name == "sum" {
                let sql = args[0].type == .number ? "sum(\(args[0].sql))" : "sum(\(args[0].sql))::bigint"
                return Typed(sql: sql, type: args[0].type, span: span, isAggregate: true)
            }
            if args[0].type == .money { return Typed(sql: "round(avg(\(args[0].sql)))::bigint", type: .money, span: span, isAggregate: true) }
            return Typed(sql: "round(avg(\(args[0].sql)), 2)", type: .number, span: span, isAggregate: true)
        case "min", "max":
            try arity(1)
            guard args[0].type.isOrdered else { throw wrong("a value that can be ordered") }
            return Typed(sql: "\(name)(\(args[0].sql))", type: args[0].type, span: span, isAggregate: true, reference: args[0].reference)
        case "length":
            try arity(1)
            guard args[0].type.isList else { throw wrong("a list") }
            return Typed(sql: "jsonb_array_length(\(args[0].sql))", type: .integer, span: span)
        case "lower", "upper":
            try arity(1)
            guard args[0].type == .text else { throw wrong("text") }
            return Typed(sql: "\(name)(\(args[0].sql))", type: .text, span: span, isNullable: args[0].isNullable)
        case "year":
            try arity(1)
            guard args[0].type == .date else { throw wrong("a date") }
            return Typed(sql: "extract(year FROM \(args[0].sql))::bigint", type: .integer, span: span, isNullable: args[0].isNullable)
        case "financial_year":
            try arity(1)
            guard args[0].type == .date else { throw wrong("a date") }
            // The year it starts in is the year three months earlier; the year it ends in, nine months later.
            let d = args[0].sql
            return Typed(sql: "(to_char(\(d) - interval '3 months', 'YYYY') || '/' || to_char(\(d) + interval '9 months', 'YY'))",
                         type: .text, span: span, isNullable: args[0].isNullable)
        case "coalesce":
            guard let first = args.first else { try arity(2); fatalError() }
            for arg in args.dropFirst() { try requireComparable(first, arg, ",", span: span) }
            return Typed(sql: "coalesce(\(args.map(\.sql).joined(separator: ", ")))", type: first.type, span: span,
                         isNullable: args.allSatisfy(\.isNullable), reference: first.reference)
        case "date":
            try arity(1)
            guard args[0].type == .time else { throw wrong("a time") }
            return Typed(sql: "(\(args[0].sql) AT TIME ZONE 'UTC')::date", type: .date, span: span, isNullable: args[0].isNullable)
        case "integer", "pence":
            try arity(1)
            guard args[0].type == .text else { throw wrong("text") }
            let sql = "CASE WHEN \(args[0].sql) ~ '^-?[0-9]{1,18}$' THEN (\(args[0].sql))::bigint END"
            return Typed(sql: sql, type: name == "pence" ? .money : .integer, span: span)
        default:
            fatalError("function \(name) is in the catalogue but not compiled")
        }
    }

    func text(of span: SourceSpan) -> String {
        guard span.start < span.end, span.end <= source.count else { return "…" }
        return String(String.UnicodeScalarView(source[span.start..<span.end]))
    }
}
