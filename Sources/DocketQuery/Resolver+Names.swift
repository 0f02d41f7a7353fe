extension Resolver {
    /// A field of a row, as a typed value.
    func fieldValue(_ field: QueryField, alias: String, span: SourceSpan) -> Typed {
        let sql = field.column == "event_id" ? "\(alias).event_id::text" : "\(alias).\(field.column)"
        var typed = Typed(sql: sql, type: field.type, span: span, reference: field.reference)
        if !optionalAliases.contains(alias),
           field.isAlwaysSet
            || ["id", "position", "stream_id", "event_type", "valid_from_position", "valid_from", "is_retracted"].contains(field.column) {
            typed.isNullable = false
        }
        return typed
    }

    /// Joins `target` on its key equal to `key` (once per pair), choosing the version the query's recorded
    /// time asks for. Left join: a missing reference leaves the fields missing, it does not drop the row.
    mutating func join(_ target: QuerySource, on key: String) -> String {
        let cacheKey = "\(target.name):\(key)"
        if let alias = joins[cacheKey] { return alias }
        let alias = nextAlias()
        joins[cacheKey] = alias
        optionalAliases.insert(alias)
        let keyColumn = target.basis == .log ? "position" : "id"
        var on = ["\(alias).\(keyColumn) = \(key)"]
        on += versionCondition(target, alias: alias)
        builder.joins.append("LEFT JOIN \(target.table) AS \(alias) ON " + on.joined(separator: " AND "))
        return alias
    }

    func versionCondition(_ source: QuerySource, alias: String) -> [String] {
        guard source.hasHistory else { return [] }
        switch mode {
        case .current: return ["\(alias).valid_to_position IS NULL"]
        case .at(let position):
            return ["\(alias).valid_from_position <= \(position)", "(\(alias).valid_to_position IS NULL OR \(alias).valid_to_position > \(position))"]
        }
    }

    /// Resolves `a.b.c`: a name bound by a stage or a field of the row in scope, then references followed by dots.
    mutating func resolvePath(_ path: [Located<String>], allowsRelation: Bool = false) throws(QueryError) -> ScopeEntry {
        var entry = try resolveFirst(path[0])
        for (offset, segment) in path.dropFirst().enumerated() {
            switch entry {
            case .row(let source, let alias):
                entry = try member(segment, of: source, alias: alias, isLast: offset == path.count - 2 && allowsRelation)
            case .value(let typed):
                if let fields = typed.recordFields {
                    guard let field = fields.first(where: { $0.name == segment.value }) else {
                        var hints = [String]()
                        if let close = EditDistance.hint(for: segment.value, among: fields.map(\.name)) { hints.append(close) }
                        hints.append("its fields are " + fields.map(\.name).joined(separator: ", "))
                        throw QueryError(.unknownField, "these records have no field `\(segment.value)`", at: segment.span, hints: hints)
                    }
                    entry = .value(recordValue(field, of: typed, span: typed.span.through(segment.span)))
                } else if typed.type == .document {
                    let keys = path.dropFirst(offset + 1).map(\.value)
                    let array = "{" + keys.map { CompiledParameter.arrayElement($0) }.joined(separator: ",") + "}"
                    parameters.append(.value(array, .list(.text(reference: nil))))
                    let span = typed.span.through(path.last!.span)
                    return .value(Typed(sql: "(\(typed.sql) #>> $\(parameters.count)::text[])", type: .text, span: span))
                } else if let reference = typed.reference, let target = catalogue.source(named: reference) {
                    let alias = join(target, on: typed.sql)
                    entry = try member(segment, of: target, alias: alias, isLast: offset == path.count - 2 && allowsRelation)
                } else {
                    throw QueryError(.notAReference, "`\(path[offset].value)` is a \(typed.type), not a reference to other records, so it has no field `\(segment.value)`",
                                     at: segment.span, hints: typed.type.isList ? ["`expand \(path[offset].value)` first to get one row per element"]
                                        : ["only references to other records (like a decision's `programme`) have fields of their own"])
                }
            }
        }
        return entry
    }

    private func resolveFirst(_ name: Located<String>) throws(QueryError) -> ScopeEntry {
        if let bound = names.last(where: { $0.name == name.value }) {
            if case .value(var typed) = bound.entry { typed.span = name.span; return .value(typed) }
            return bound.entry
        }
        if let (source, alias) = base {
            if let field = source.field(named: name.value) { return .value(fieldValue(field, alias: alias, span: name.span)) }
            if source.relation(named: name.value) != nil {
                throw QueryError(.notAList, "`\(name.value)` are related rows, not a field", at: name.span,
                                 hints: ["`expand \(name.value)` gives one row per related record"])
            }
        }
        var candidates = names.map(\.name)
        if let (source, _) = base { candidates += source.fields.map(\.name) + source.relations.map(\.name) }
        var hints = [String]()
        if let close = EditDistance.hint(for: name.value, among: candidates) { hints.append(close) }
        if let (source, _) = base {
            hints.append("`\(source.name)` has " + source.fields.map(\.name).prefix(12).joined(separator: ", ") + (source.fields.count > 12 ? ", …" : ""))
            throw QueryError(.unknownField, "`\(source.name)` has no field `\(name.value)`", at: name.span, hints: hints)
        }
        hints.append("the columns here are " + names.map(\.name).joined(separator: ", "))
        throw QueryError(.unknownField, "there is no column `\(name.value)` at this point of the pipeline", at: name.span, hints: hints)
    }

    private func member(_ segment: Located<String>, of source: QuerySource, alias: String, isLast: Bool) throws(QueryError) -> ScopeEntry {
        if let field = source.field(named: segment.value) { return .value(fieldValue(field, alias: alias, span: segment.span)) }
        if source.relation(named: segment.value) != nil {
            if isLast { return .row(source, alias: alias) }
            throw QueryError(.notAList, "`\(segment.value)` are related rows, not a field", at: segment.span,
                             hints: ["`expand` them first to get one row per related record"])
        }
        var hints = [String]()
        if let close = EditDistance.hint(for: segment.value, among: source.fields.map(\.name) + source.relations.map(\.name)) { hints.append(close) }
        return try { () throws(QueryError) -> ScopeEntry in
            throw QueryError(.unknownField, "`\(source.name)` has no field `\(segment.value)`", at: segment.span, hints: hints)
        }()
    }

    func recordValue(_ field: RecordField, of record: Typed, span: SourceSpan) -> Typed {
        let text = "(\(record.sql) ->> '\(field.key)')"
        let sql: String = switch field.type {
        case .integer, .money: "\(text)::bigint"
        case .number: "\(text)::numeric"
        case .date: "\(text)::date"
        case .boolean: "\(text)::boolean"
        case .time: "\(text)::timestamptz"
        default: text
        }
        return Typed(sql: sql, type: field.type, span: span, reference: field.reference)
    }

    /// `expand x`: one row per element of a list, or per related record.
    mutating func expand(_ path: Expression, alias: Located<String>?, span: SourceSpan) throws(QueryError) {
        guard case .path(let names) = path else {
            throw QueryError(.notAList, "`expand` takes a list field or related records", at: path.span, hints: ["e.g. `expand votes` or `expand responses`"])
        }
        let name = alias?.value ?? names.last!.value
        // Related rows: `expand responses`, `expand programme.contracts`.
        let owner: ScopeEntry? = names.count == 1 ? base.map { .row($0.source, alias: $0.alias) } : try resolvePath(Array(names.dropLast()))
        var ownerRow: (QuerySource, String)?
        switch owner {
        case .row(let source, let alias)?: ownerRow = (source, alias)
        case .value(let typed)? where typed.reference != nil && typed.recordFields == nil:
            if let target = catalogue.source(named: typed.reference!), let relation = target.relation(named: names.last!.value) {
                if relation.localField == "id" {
                    // The related rows hang off the referenced record's id, which is this value: no join needed.
                    let alias = nextAlias()
                    var on = ["\(alias).\(relation.remoteColumn) = \(typed.sql)"]
                    if let related = catalogue.source(named: relation.target) {
                        on += versionCondition(related, alias: alias)
                        builder.joins.append("JOIN \(related.table) AS \(alias) ON " + on.joined(separator: " AND "))
                        bind(name, .row(related, alias: alias))
                        return
                    }
                }
                ownerRow = (target, join(target, on: typed.sql))
            }
        default: break
        }
        // Rows related to a field of a record: `expand vote.interests`.
        if case .value(let record)? = owner, let fields = record.recordFields,
           let field = fields.first(where: { $0.relations.contains { $0.name == names.last!.value } }),
           let relation = field.relations.first(where: { $0.name == names.last!.value }), let target = catalogue.source(named: relation.target) {
            let alias = nextAlias()
            var on = ["\(alias).\(relation.remoteColumn) = \(recordValue(field, of: record, span: span).sql)"]
            on += versionCondition(target, alias: alias)
            builder.joins.append("JOIN \(target.table) AS \(alias) ON " + on.joined(separator: " AND "))
            bind(name, .row(target, alias: alias))
            return
        }
        let isBound = self.names.contains { $0.name == names.last!.value } && names.count == 1
        if !isBound, let (source, ownerAlias) = ownerRow, let relation = source.relation(named: names.last!.value),
           let target = catalogue.source(named: relation.target) {
            let alias = nextAlias()
            let local = source.field(named: relation.localField).map { fieldValue($0, alias: ownerAlias, span: span).sql } ?? "\(ownerAlias).id"
            var on = ["\(alias).\(relation.remoteColumn) = \(local)"]
            on += versionCondition(target, alias: alias)
            builder.joins.append("JOIN \(target.table) AS \(alias) ON " + on.joined(separator: " AND "))
            bind(name, .row(target, alias: alias))
            return
        }
        guard case .value(let list) = try resolvePath(names) else {
            throw QueryError(.notAList, "`\(names.last!.value)` is not a list", at: path.span, hints: [])
        }
        guard case .list(let element) = list.type else {
            throw QueryError(.notAList, "`\(names.last!.value)` is a \(list.type), not a list", at: path.span,
                             hints: ["`expand` takes a list field (e.g. `votes`) or related records (e.g. `responses`)"])
        }
        let alias = nextAlias("e")
        switch element {
        case .text(let reference):
            builder.joins.append("CROSS JOIN LATERAL jsonb_array_elements_text(\(list.sql)) AS \(alias)(value)")
            bind(name, .value(Typed(sql: "\(alias).value", type: .text, span: span, isNullable: false, reference: reference)))
        case .record(let fields):
            builder.joins.append("CROSS JOIN LATERAL jsonb_array_elements(\(list.sql)) AS \(alias)(value)")
            bind(name, .value(Typed(sql: "\(alias).value", type: .text, span: span, isNullable: false, recordFields: fields)))
        }
    }
}

extension CompiledParameter {
    /// One element of a PostgreSQL text[] literal, quoted: the array travels as a parameter, never as SQL.
    static func arrayElement(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}

