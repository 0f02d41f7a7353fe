extension Resolver {
    /// The answer's columns as they stand: what `select`/`group` chose, else the source's own fields (and
    /// in a listing of versions, the event that produced each).
    func currentOutputs() -> [(name: String, typed: Typed)] {
        if let outputs { return outputs }
        guard let (source, alias) = base else { return [] }
        var columns = [(name: String, typed: Typed)]()
        let versionNames: Set<String> = ["is_retracted", "version", "replaced_by", "valid_from", "valid_to"]
        if isVersionListing {
            columns.append(("version", fieldValue(source.field(named: "version")!, alias: alias, span: SourceSpan(0, 0))))
            for name in ["event", "actor", "occurred", "recorded"] {
                if case .value(let typed)? = names.first(where: { $0.name == name })?.entry { columns.append((name, typed)) }
            }
        }
        for field in source.fields where !versionNames.contains(field.name) {
            columns.append((field.name, fieldValue(field, alias: alias, span: SourceSpan(0, 0))))
        }
        for (name, entry) in names where !columns.contains(where: { $0.name == name }) {
            if case .value(let typed) = entry { columns.append((name, typed)) }
        }
        return columns
    }

    /// The alias of docket.events joined on a version's position (the listing's own join, made at the head).
    func eventAlias(forPositionOf column: String) -> String {
        joins["events:" + column] ?? "t1"
    }

    mutating func apply(_ stage: QuerySyntax.Stage) throws(QueryError) {
        switch stage {
        case .where(let expression, _):
            if builder.limit != nil || builder.isDistinct || builder.isGrouped { wrap() }
            let condition = try resolve(expression, context: .filter)
            try expectBoolean(condition, "a `where` condition")
            try refuseAggregate(condition)
            builder.conditions.append(condition.sql)
        case .derive(let items, _):
            if builder.isDistinct { wrap() }
            for item in items {
                let typed = try resolve(item.expression, context: .value)
                try refuseAggregate(typed)
                bind(item.name!.value, .value(typed))
                if outputs != nil { outputs!.append((item.name!.value, typed)) }
            }
        case .select(let items, _):
            if builder.isDistinct { wrap() }
            var chosen = [(name: String, typed: Typed)]()
            for item in items {
                let typed = try resolve(item.expression, context: .value)
                if !builder.isGrouped { try refuseAggregate(typed) }
                let name = try itemName(item)
                if chosen.contains(where: { $0.name == name.value }) {
                    throw QueryError(.duplicateName, "the answer already has a column `\(name.value)`", at: name.span,
                                     hints: ["name this one: `other_name = \(name.value)`"])
                }
                chosen.append((name.value, typed))
            }
            outputs = chosen
            names = chosen.map { ($0.name, .value($0.typed)) }
            base = nil
        case .group(let keys, let aggregates, _):
            if builder.limit != nil || builder.isDistinct || builder.isGrouped { wrap() }
            var columns = [(name: String, typed: Typed)]()
            for key in keys {
                let typed = try resolve(key.expression, context: .value)
                try refuseAggregate(typed)
                if case .list = typed.type {
                    throw QueryError(.typeMismatch, "cannot group by a list", at: key.expression.span, hints: ["`expand` the list first, then group by its elements"])
                }
                columns.append((try itemName(key).value, typed))
            }
            for aggregate in aggregates {
                let typed = try resolve(aggregate.expression, context: .value, allowsAggregates: true)
                guard typed.isAggregate else {
                    throw QueryError(.aggregateOutsideGroup, "each `aggregate` item needs an aggregate function", at: aggregate.expression.span,
                                     hints: ["use count(), sum(x), min(x), max(x) or avg(x)"])
                }
                let name = try itemName(aggregate)
                if columns.contains(where: { $0.name == name.value }) {
                    throw QueryError(.duplicateName, "the answer already has a column `\(name.value)`", at: name.span, hints: ["name it: `total = …`"])
                }
                columns.append((name.value, typed))
            }
            builder.groupKeys = columns.prefix(keys.count).map(\.typed.sql)
            builder.order = columns.prefix(keys.count).map { ($0.typed.sql, false) }
            outputs = columns
            names = columns.map { ($0.name, .value($0.typed)) }
            base = nil
        case .distinct:
            if builder.limit != nil { wrap() }
            let shown = Set(currentOutputs().map(\.typed.sql))
            builder.order = builder.order.filter { shown.contains($0.sql) }
            if outputs == nil { outputs = currentOutputs() }
            builder.isDistinct = true
        case .sort(let keys, _):
            if builder.limit != nil || builder.isDistinct { wrap() }
            var order = [(sql: String, isDescending: Bool)]()
            for key in keys {
                let typed = try resolve(key.expression, context: .value, allowsAggregates: builder.isGrouped)
                guard typed.type.isOrdered else {
                    throw QueryError(.typeMismatch, "cannot sort by a \(typed.type)", at: key.expression.span, hints: ["sort by a text, number, money, date, time or boolean"])
                }
                order.append((typed.sql, key.isDescending))
            }
            builder.order = order
        case .take(let expression, _):
            let count: String
            switch expression {
            case .literal(.integer(let n), _): count = addValue(String(n), .integer)
            case .parameter(let name, let span): count = try userParameter(name, type: .integer, span: span).sql
            default:
                throw QueryError(.typeMismatch, "`take` needs a whole number of rows", at: expression.span, hints: ["e.g. `take 20`"])
            }
            if builder.limit != nil { wrap() }
            builder.limit = "greatest(\(count), 0)"
        case .expand(let path, let alias, let span):
            if builder.limit != nil || builder.isDistinct || builder.isGrouped { wrap() }
            try expand(path, alias: alias, span: span)
        }
    }

    private func expectBoolean(_ typed: Typed, _ what: String) throws(QueryError) {
        guard typed.type == .boolean else {
            throw QueryError(.typeMismatch, "\(what) must be true or false, but this is a \(typed.type)", at: typed.span,
                             hints: ["compare it with something, e.g. `x == \"value\"` or `x is not null`"])
        }
    }

    func refuseAggregate(_ typed: Typed) throws(QueryError) {
        if typed.isAggregate {
            throw QueryError(.aggregateOutsideGroup, "aggregate functions belong in `group by … aggregate …`", at: typed.span,
                             hints: ["e.g. `group by financial_year aggregate total = sum(amount)`"])
        }
    }

    private func itemName(_ item: QuerySyntax.Item) throws(QueryError) -> Located<String> {
        if let name = item.name { return name }
        switch item.expression {
        case .path(let names):
            // `programme.title` is named programme_title; a bare field keeps its name.
            return Located(names.map(\.value).joined(separator: "_"), item.expression.span)
        case .call(let function, let arguments, let span):
            if case .path(let names)? = arguments.first { return Located(([function.value] + names.map(\.value)).joined(separator: "_"), span) }
            return Located(function.value, span)
        default:
            throw QueryError(.unexpectedToken, "this column needs a name", at: item.expression.span, hints: ["write `name = expression`"])
        }
    }

    mutating func bind(_ name: String, _ entry: ScopeEntry) {
        names.removeAll { $0.name == name }
        names.append((name, entry))
    }

    /// Makes the statement so far a subquery; its columns become the names in scope, and its order is kept.
    mutating func wrap() {
        let visible = currentOutputs()
        let hidden = builder.order.map(\.sql)
        let inner = builder.sql(outputs: visible.map(\.typed), hidden: hidden, isFinal: false)
        let alias = nextAlias("s")
        let order = builder.order.enumerated().map { ("\(alias).o\($0.offset + 1)", $0.element.isDescending) }
        builder = SelectBuilder(from: "(\n" + inner + "\n) AS \(alias)")
        builder.order = order
        var columns = [(name: String, typed: Typed)]()
        for (index, column) in visible.enumerated() {
            var typed = column.typed
            typed.sql = "\(alias).c\(index + 1)"
            typed.isAggregate = false
            if typed.recordFields != nil { typed.sql = "\(alias).c\(index + 1)" }
            columns.append((column.name, typed))
        }
        outputs = columns
        names = columns.map { ($0.name, .value($0.typed)) }
        base = nil
        joins = [:]
        if case .at(let position) = mode, !position.hasPrefix("$") { mode = .current }
    }
}
