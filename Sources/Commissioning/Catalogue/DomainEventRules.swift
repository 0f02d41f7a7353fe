public import DocketJSON
import Foundation

/// What the ledger accepts in a stream the domain owns, derived from the event catalogue.
///
/// A stream is the domain's when its name starts with one of the ``StreamKind``s and a '-'
/// (`decision-wirral-mas-2011`). An event in such a stream must be one the read models can apply: its
/// slug valid, its type one of the kind's (or a correction or retraction), the stream opened by one of
/// the kind's opening events and by nothing else, and its payload the type's fields: no field the type
/// does not have (personal fields travel apart, in `restricted`), every required one, each of its JSON
/// kind and, for names, dates and closed lists, its form. Streams of other names are kept and verified
/// like any other but are outside the read models.
///
/// The rules are checked twice from this one description: here, so `docket append` names the line and
/// field, and in the database (sql/0003_domain_rules.sql, with the rows ``sqlRows`` writes into
/// sql/0006_domain_catalogue.sql), so no way in, SQL included, can bypass them.
public enum DomainEventRules {
    /// The largest whole number a payload may hold: JSON numbers are read as doubles, exact up to 2^53.
    public static let maximumWholeNumber: Double = 9_007_199_254_740_992

    /// The shape of one payload field that both checks test.
    public struct Field: Sendable, Hashable {
        public var name: String
        /// The JSON kind: string, integer, number, boolean, array or object.
        public var kind: String
        public var isRequired: Bool
        /// For strings: nonempty, slug, date, timestamp, financial-year or uuid.
        public var form: String?
        /// For strings from a closed list.
        public var choices: [String]?
        /// For arrays of scalars: the elements' kind and form.
        public var elementKind: String?
        public var elementForm: String?
    }

    public struct Rule: Sendable {
        public var kind: StreamKind
        public var type: String
        public var schemaVersion: Int
        /// Whether the event may be the stream's first (it creates the aggregate).
        public var opensStream: Bool
        /// Whether it may only be the stream's first.
        public var isOnlyFirst: Bool
        public var fields: [Field]
    }

    /// A refusal: the field it concerns (nil for the event as a whole) and why.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var field: String?
        public var message: String
        public var description: String { field.map { "\($0): \(message)" } ?? message }
    }

    /// Every (kind, type) the domain accepts.
    public static let rules: [Rule] = StreamKind.allCases.flatMap { kind in
        Catalogue.eventTypes.filter { $0.streamKind == kind || $0.streamKind == nil }.map { descriptor in
            let opens = descriptor.type.createsAggregate
                || (kind == .decision && [.decisionProposed, .decisionTaken].contains(descriptor.type))
            return Rule(
                kind: kind, type: descriptor.name, schemaVersion: descriptor.schemaVersion, opensStream: opens,
                isOnlyFirst: descriptor.type.createsAggregate || descriptor.type == .decisionProposed,
                fields: descriptor.fields.filter { !$0.isPersonal }.map(field))
        }
    }

    private static let rulesByKey: [String: Rule] = Dictionary(
        uniqueKeysWithValues: rules.map { ($0.kind.rawValue + " " + $0.type, $0) })

    /// The domain's kind of `stream`, or nil when the stream is not the domain's (its slug is not checked).
    public static func kind(of stream: String) -> StreamKind? {
        guard let dash = stream.utf8.firstIndex(of: 0x2D) else { return nil }
        return StreamKind(rawValue: String(stream[..<dash]))
    }

    /// Why the domain could not apply `type` with `data` as version `version` of `stream`; nil when it
    /// can, or when the stream is not the domain's. `version` nil skips the checks that need it.
    public static func problem(
        stream: String, type: String, schemaVersion: Int, data: [String: JSON], version: Int64?
    ) -> Problem? {
        guard let kind = kind(of: stream) else { return nil }
        let slug = String(stream[stream.utf8.index(after: stream.utf8.firstIndex(of: 0x2D)!)...])
        guard Slug.isValid(slug) else {
            return Problem(field: "stream", message: "'\(slug.prefix(80))' after '\(kind.rawValue)-' is not an id: it \(Slug.rule)")
        }
        guard let rule = rulesByKey[kind.rawValue + " " + type] else {
            let known = rules.filter { $0.kind == kind }.map(\.type).joined(separator: ", ")
            return Problem(field: "type", message: "'\(type.prefix(80))' is not an event type of \(kind.rawValue) streams; those are \(known)")
        }
        guard schemaVersion == rule.schemaVersion else {
            return Problem(field: "schemaVersion", message: "\(type) has schema version \(rule.schemaVersion), not \(schemaVersion)")
        }
        if let version {
            if version == 1, !rule.opensStream {
                let opening = rules.filter { $0.kind == kind && $0.opensStream }.map(\.type).joined(separator: " or ")
                return Problem(field: "type", message: "\(kind.rawValue) streams begin with \(opening), not \(type)")
            }
            if version > 1, rule.isOnlyFirst {
                return Problem(field: "type", message: "\(type) can only begin a stream, and \(stream) already has \(version - 1) event\(version == 2 ? "" : "s")")
            }
        }
        let known = Set(rule.fields.map(\.name))
        for name in data.keys.sorted() where !known.contains(name) {
            return Problem(field: "data." + name, message: "\(type) has no field '\(name)'; its fields are \(rule.fields.map(\.name).joined(separator: ", "))")
        }
        for field in rule.fields {
            guard let value = data[field.name], !value.isNull else {
                if field.isRequired { return Problem(field: "data." + field.name, message: "required by \(type)") }
                continue
            }
            if let message = problem(value, kind: field.kind, form: field.form, choices: field.choices) {
                return Problem(field: "data." + field.name, message: message)
            }
            if let elementKind = field.elementKind, let items = value.arrayValue {
                for (index, item) in items.enumerated() {
                    if let message = problem(item, kind: elementKind, form: field.elementForm, choices: nil) {
                        return Problem(field: "data.\(field.name)[\(index)]", message: message)
                    }
                }
            }
        }
        // The payload's own id (`organisation` in an organisation's events) is the stream's.
        if let own = data[kind.rawValue]?.stringValue, own != slug {
            return Problem(field: "data." + kind.rawValue, message: "names \(kind.noun) '\(own.prefix(80))', but the event is in stream \(stream)")
        }
        return nil
    }

    private static func problem(_ value: JSON, kind: String, form: String?, choices: [String]?) -> String? {
        switch kind {
        case "string":
            guard let text = value.stringValue else { return "expected a string, found \(value.kindDescription)" }
            if let choices, !choices.contains(text) {
                return "expected one of \(choices.joined(separator: ", ")); found '\(text.prefix(80))'"
            }
            if let form, !matches(text, form: form) { return "'\(text.prefix(80))' is not \(formDescription(form))" }
            return nil
        case "integer":
            guard let number = value.doubleValue, number.rounded() == number else {
                return "expected a whole number, found \(value.kindDescription)"
            }
            guard abs(number) <= maximumWholeNumber else {
                return "\(value.canonicalString) is beyond ±2^53, the whole numbers JSON holds exactly"
            }
            return nil
        case "number": return value.doubleValue == nil ? "expected a number, found \(value.kindDescription)" : nil
        case "boolean": return value.boolValue == nil ? "expected true or false, found \(value.kindDescription)" : nil
        case "array": return value.arrayValue == nil ? "expected an array, found \(value.kindDescription)" : nil
        default: return value.objectValue == nil ? "expected an object, found \(value.kindDescription)" : nil
        }
    }

    /// The forms of text the rules know, tested alike by `docket.text_has_form()` in SQL.
    static func matches(_ text: String, form: String) -> Bool {
        switch form {
        case "nonempty": return !text.isEmpty
        case "slug": return Slug.isValid(text)
        case "date": return Day.parse(text) != nil
        case "timestamp": return BusinessTime.parse(text) != nil
        case "financial-year": return FinancialYear.parse(text) != nil
        case "uuid": return UUID(uuidString: text) != nil
        default: return false
        }
    }

    private static func formDescription(_ form: String) -> String {
        switch form {
        case "nonempty": "a non-empty text"
        case "slug": "an id (\(Slug.rule))"
        case "date": "a date (YYYY-MM-DD) that exists"
        case "timestamp": "a date (YYYY-MM-DD) or an RFC 3339 time"
        case "financial-year": "a financial year (YYYY/YY)"
        default: "an event id (UUID)"
        }
    }

    private static func field(_ descriptor: FieldDescriptor) -> Field {
        let (kind, form, choices) = shape(descriptor.type)
        var field = Field(name: descriptor.name, kind: kind, isRequired: descriptor.isRequired, form: form, choices: choices)
        if case .list(let element) = descriptor.type, element.nestedFields == nil {
            let (elementKind, elementForm, _) = shape(element)
            field.elementKind = elementKind
            field.elementForm = elementForm
        }
        return field
    }

    private static func shape(_ type: FieldType) -> (kind: String, form: String?, choices: [String]?) {
        switch type {
        case .text, .eventType: ("string", "nonempty", nil)
        case .identifier, .slug: ("string", "slug", nil)
        case .date: ("string", "date", nil)
        case .timestamp: ("string", "timestamp", nil)
        case .financialYear: ("string", "financial-year", nil)
        case .eventID: ("string", "uuid", nil)
        case .choice(let spellings): ("string", nil, spellings)
        case .pence, .integer: ("integer", nil, nil)
        case .number: ("number", nil, nil)
        case .boolean: ("boolean", nil, nil)
        case .list: ("array", nil, nil)
        case .record, .fieldChanges: ("object", nil, nil)
        }
    }
}

extension DomainEventRules {
    /// The rows of `docket.domain_stream_kinds`, `docket.domain_event_rules` and `docket.domain_event_fields`
    /// that state these rules, as the SQL of a migration: what `sql/0006_domain_catalogue.sql` holds (a test
    /// keeps them equal).
    public static var sqlRows: String {
        func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        func optional(_ text: String?) -> String { text.map(quote) ?? "NULL" }
        func array(_ items: [String]) -> String { "ARRAY[" + items.map(quote).joined(separator: ", ") + "]::text[]" }
        var out = "INSERT INTO docket.domain_stream_kinds (kind) VALUES\n"
        out += StreamKind.allCases.map { "    (\(quote($0.rawValue)))" }.joined(separator: ",\n") + ";\n\n"
        out += "INSERT INTO docket.domain_event_rules (stream_kind, event_type, schema_version, opens_stream, only_first, field_names, fits) VALUES\n"
        out += rules.map { rule in
            "    (\(quote(rule.kind.rawValue)), \(quote(rule.type)), \(rule.schemaVersion), \(rule.opensStream), \(rule.isOnlyFirst), "
                + "\(array(rule.fields.map(\.name))),\n     \(quote(jsonPath(rule))))"
        }.joined(separator: ",\n") + ";\n\n"
        out += "INSERT INTO docket.domain_event_fields (stream_kind, event_type, name, kind, required, form, choices, element_kind, element_form) VALUES\n"
        out += rules.flatMap { rule in
            rule.fields.map { field in
                let choices = field.choices.map { "ARRAY[" + $0.map(quote).joined(separator: ", ") + "]" } ?? "NULL"
                return "    (\(quote(rule.kind.rawValue)), \(quote(rule.type)), \(quote(field.name)), \(quote(field.kind)), "
                    + "\(field.isRequired), \(optional(field.form)), \(choices), \(optional(field.elementKind)), \(optional(field.elementForm)))"
            }
        }.joined(separator: ",\n") + ";\n\n"
        out += formsFunctionSQL
        return out
    }

    /// One SQL/JSON path predicate that holds exactly when a payload's fields are of their kinds and forms
    /// and every required one is there: the database tests it with `@@`, in C, for every event, and works
    /// out which field is wrong (docket.domain_event_problem) only for one that fails.
    static func jsonPath(_ rule: Rule) -> String {
        func string(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        func check(_ value: String, kind: String, form: String?, choices: [String]?) -> String {
            var parts: [String]
            switch kind {
            case "integer":
                parts = ["\(value).type() == \"number\"", "\(value).floor() == \(value)",
                         "\(value) <= \(Int64(maximumWholeNumber))", "\(value) >= -\(Int64(maximumWholeNumber))"]
            default: parts = ["\(value).type() == \(string(kind))"]
            }
            if let choices { parts.append("(" + choices.map { "\(value) == \(string($0))" }.joined(separator: " || ") + ")") }
            if let form {
                if form == "nonempty" {
                    parts.append("\(value) != \"\"")
                } else {
                    // Dates and financial years: their shape here (a long exact expression costs the regex
                    // engine tens of microseconds); docket.domain_forms_hold() checks the rest.
                    parts.append("\(value) like_regex \(string(exactFormsChecked.contains(form) && value != "@" ? shapeRegex(form) : regex(form)))")
                }
            }
            return parts.joined(separator: " && ")
        }
        let clauses = rule.fields.map { field -> String in
            let value = "$." + string(field.name)
            var checks = check(value, kind: field.kind, form: field.form, choices: field.choices)
            if let elementKind = field.elementKind {
                // Lax paths unwrap an array inside the array before filtering it; type() does not.
                checks += " && !(\(value)[*].type() == \"array\")"
                checks += " && !exists(\(value)[*] ? (!(\(check("@", kind: elementKind, form: field.elementForm, choices: nil)))))"
            }
            return field.isRequired
                ? "(exists(\(value)) && \(value).type() != \"null\" && \(checks))"
                : "(!exists(\(value)) || \(value).type() == \"null\" || (\(checks)))"
        }
        return clauses.isEmpty ? "true" : clauses.joined(separator: " && ")
    }

    /// The forms whose exact test (a day that exists, consecutive years) the generated function
    /// docket.domain_forms_hold() makes, where a regular expression would be slow.
    static let exactFormsChecked: Set<String> = ["slug", "date", "timestamp", "financial-year"]

    /// A cheap regular expression for the shape of a form that docket.domain_forms_hold() checks exactly.
    static func shapeRegex(_ form: String) -> String {
        switch form {
        case "slug": return "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"  // its length, at most 64, is checked apart
        case "date": return "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$"
        case "timestamp": return "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}([Tt][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,6})?([Zz]|[+-][0-9]{2}:[0-9]{2}))?$"
        default: return "^(19|20|21)[0-9]{2}/[0-9]{2}$"
        }
    }

    /// docket.domain_forms_hold(kind, type, data): for each (kind, type), the exact test of its top-level
    /// date, timestamp and financial-year fields, and the length of its ids, when they are strings (their
    /// kinds are the path's concern).
    static var formsFunctionSQL: String {
        func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        var branches = [String]()
        for rule in rules {
            let checks = rule.fields.compactMap { field -> String? in
                guard let form = field.form, exactFormsChecked.contains(form) else { return nil }
                let test = form == "slug"
                    ? "length(p_data ->> \(quote(field.name))) <= \(Slug.maximumLength)"
                    : "docket.text_has_form(p_data ->> \(quote(field.name)), \(quote(form)))"
                return "(jsonb_typeof(p_data -> \(quote(field.name))) IS DISTINCT FROM 'string' OR \(test))"
            }
            guard !checks.isEmpty else { continue }
            branches.append("        WHEN \(quote(rule.kind.rawValue + " " + rule.type)) THEN " + checks.joined(separator: "\n            AND "))
        }
        return """
            CREATE OR REPLACE FUNCTION docket.domain_forms_hold(p_kind text, p_type text, p_data jsonb) RETURNS boolean
                LANGUAGE sql IMMUTABLE
                RETURN CASE p_kind || ' ' || p_type
            \(branches.joined(separator: "\n"))
                    ELSE true
                END;

            """
    }

    /// The regular expressions of the forms (POSIX, as `like_regex` takes them), exact for the years the
    /// forms allow: a date's day exists in its month, 29 February only in leap years.
    static func regex(_ form: String) -> String {
        let year = "(19|20|21)[0-9]{2}"
        let leapYear = "(19(0[48]|[2468][048]|[13579][26])|20(0[048]|[2468][048]|[13579][26])|21(0[48]|[2468][048]|[13579][26]))"
        let date = "(\(year)-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|\(year)-(0[469]|11)-(0[1-9]|[12][0-9]|30)"
            + "|\(year)-02-(0[1-9]|1[0-9]|2[0-8])|\(leapYear)-02-29)"
        switch form {
        case "slug": return "^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$"
        case "date": return "^\(date)$"
        case "timestamp":
            return "^\(date)([Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,6})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9]))?$"
        case "financial-year":
            return "^(" + (1948...2199).map { String(format: "%04d/%02d", $0, ($0 + 1) % 100) }.joined(separator: "|") + ")$"
        default: return "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
        }
    }
}
