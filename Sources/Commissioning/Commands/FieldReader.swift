internal import DocketJSON

/// Reads a command's fields, collecting every problem rather than stopping at the first.
///
/// Accessors return a placeholder ("" or 0) for a missing or bad field and record an issue; the caller
/// throws once all fields are read if any issue was recorded. Unknown members are reported by `finish()`.
struct FieldReader {
    private let members: [String: JSON]
    /// The path of the object holding this one ("" at the top level), and where this one sits in it.
    /// Paths are only built when there is a problem to report.
    private let parentPrefix: String
    private let position: (list: String, index: Int)?
    private let allowed: [FieldDescriptor]
    private var consumed = 0
    var issues: [CommandError.Issue] = []

    init(_ members: [String: JSON], allowed: [FieldDescriptor]) {
        self.members = members
        self.parentPrefix = ""
        self.position = nil
        self.allowed = allowed
    }

    private init(_ members: [String: JSON], parentPrefix: String, list: String, index: Int, allowed: [FieldDescriptor]) {
        self.members = members
        self.parentPrefix = parentPrefix
        self.position = (list, index)
        self.allowed = allowed
    }

    /// The path of this object, with a trailing '.', or "" at the top level.
    var prefix: String {
        guard let position else { return parentPrefix }
        return "\(parentPrefix)\(position.list)[\(position.index)]."
    }

    func path(_ name: String) -> String { prefix + name }

    mutating func fail(_ name: String, _ message: String) { issues.add(path(name), message) }

    /// The member, or nil when absent or null. Marks it as read.
    mutating func value(_ name: String) -> JSON? {
        assert(allowed.contains { $0.name == name }, "field '\(name)' is read but not described")
        guard let value = members[name] else { return nil }
        consumed += 1
        return value.isNull ? nil : value
    }

    func has(_ name: String) -> Bool {
        guard let value = members[name] else { return false }
        return !value.isNull
    }

    private mutating func missing(_ name: String) { fail(name, "required") }

    private mutating func wrongKind(_ name: @autoclosure () -> String, _ expected: String, _ found: JSON) {
        fail(name(), "expected \(expected), found \(found.kindDescription)")
    }

    // MARK: Text

    mutating func optionalText(_ name: String) -> String? {
        value(name).flatMap { text(from: $0, at: name) }
    }

    mutating func text(_ name: String) -> String {
        guard let value = value(name) else {
            missing(name)
            return ""
        }
        return text(from: value, at: name) ?? ""
    }

    private mutating func text(from value: JSON, at name: String) -> String? {
        guard let text = value.stringValue else {
            wrongKind(name, "a string", value)
            return nil
        }
        return checkedText(name, text)
    }

    private mutating func checkedText(_ name: @autoclosure () -> String, _ text: String) -> String? {
        if text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            fail(name(), "must not be empty")
            return nil
        }
        if text.utf8.count > FieldReader.maximumTextLength {
            fail(name(), "must be at most \(FieldReader.maximumTextLength) bytes of UTF-8")
            return nil
        }
        if text.utf8.contains(0) {
            fail(name(), "holds a NUL character (\\u0000), which the ledger cannot store; remove it")
            return nil
        }
        return text
    }

    static let maximumTextLength = 20_000

    mutating func textList(_ name: String) -> [String] {
        guard let value = value(name) else { return [] }
        guard let items = value.arrayValue else {
            wrongKind(name, "an array of strings", value)
            return []
        }
        var result: [String] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let text = item.stringValue else {
                wrongKind("\(name)[\(index)]", "a string", item)
                continue
            }
            if let text = checkedText("\(name)[\(index)]", text) { result.append(text) }
        }
        return result
    }

    // MARK: Identifiers

    mutating func optionalSlug(_ name: String) -> String? {
        guard let value = value(name) else { return nil }
        return slug(value, at: name)
    }

    mutating func slug(_ name: String) -> String {
        guard let value = value(name) else {
            missing(name)
            return ""
        }
        return slug(value, at: name) ?? ""
    }

    private mutating func slug(_ value: JSON, at name: @autoclosure () -> String) -> String? {
        guard let text = value.stringValue else {
            wrongKind(name(), "an identifier string", value)
            return nil
        }
        guard Slug.isValid(text) else {
            fail(name(), "'\(text.prefix(80))' is not a valid identifier: \(Slug.rule)")
            return nil
        }
        return text
    }

    /// A list of identifiers, each at most once.
    mutating func slugList(_ name: String, required: Bool = false) -> [String] {
        guard let value = value(name) else {
            if required { missing(name) }
            return []
        }
        guard let items = value.arrayValue else {
            wrongKind(name, "an array of identifiers", value)
            return []
        }
        if required && items.isEmpty { fail(name, "must list at least one") }
        var result: [String] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let slug = slug(item, at: "\(name)[\(index)]") else { continue }
            if result.contains(slug) {
                fail("\(name)[\(index)]", "'\(slug)' is listed twice")
            } else {
                result.append(slug)
            }
        }
        return result
    }

    // MARK: Dates and times

    mutating func optionalDate(_ name: String) -> Day? {
        value(name).flatMap { day(from: $0, at: name) }
    }

    /// The date, or ``Day/invalid`` when it is missing or bad (an issue is recorded).
    mutating func date(_ name: String) -> Day {
        guard let value = value(name) else {
            missing(name)
            return .invalid
        }
        return day(from: value, at: name) ?? .invalid
    }

    private mutating func day(from value: JSON, at name: String) -> Day? {
        guard let text = value.stringValue else {
            wrongKind(name, "a date string (YYYY-MM-DD)", value)
            return nil
        }
        guard let day = Day.parse(text) else {
            fail(name, "expected a date as YYYY-MM-DD between 1900 and 2199, found '\(text.prefix(40))'")
            return nil
        }
        return day
    }

    mutating func time(_ name: String) -> BusinessTime {
        let placeholder = BusinessTime(day: .invalid)
        guard let value = value(name) else {
            missing(name)
            return placeholder
        }
        guard let text = value.stringValue else {
            wrongKind(name, "a date or timestamp string", value)
            return placeholder
        }
        guard let time = BusinessTime.parse(text) else {
            fail(name, "expected YYYY-MM-DD or an RFC 3339 timestamp (2011-05-12T14:30:00Z), found '\(text.prefix(40))'")
            return placeholder
        }
        return time
    }

    mutating func optionalFinancialYear(_ name: String) -> FinancialYear? {
        value(name).flatMap { financialYear(from: $0, at: name) }
    }

    mutating func financialYear(_ name: String) -> FinancialYear {
        guard let value = value(name) else {
            missing(name)
            return FinancialYear(startYear: 2000)
        }
        return financialYear(from: value, at: name) ?? FinancialYear(startYear: 2000)
    }

    private mutating func financialYear(from value: JSON, at name: String) -> FinancialYear? {
        guard let text = value.stringValue else {
            wrongKind(name, "a financial year string (YYYY/YY)", value)
            return nil
        }
        guard let year = FinancialYear.parse(text) else {
            fail(name, "expected a financial year like 2011/12, found '\(text.prefix(40))'")
            return nil
        }
        return year
    }

    // MARK: Numbers

    /// Whole pence; `positive` demands more than zero, otherwise zero is allowed.
    mutating func optionalPence(_ name: String, positive: Bool) -> Int64? {
        value(name).flatMap { pence(from: $0, at: name, positive: positive) }
    }

    mutating func pence(_ name: String, positive: Bool) -> Int64 {
        guard let value = value(name) else {
            missing(name)
            return 0
        }
        return pence(from: value, at: name, positive: positive) ?? 0
    }

    private mutating func pence(from value: JSON, at name: String, positive: Bool) -> Int64? {
        guard let number = value.doubleValue else {
            wrongKind(name, "a whole number of pence", value)
            return nil
        }
        guard let pence = value.int64Value, pence <= Pence.maximum else {
            fail(name, "expected a whole number of pence, found \(number)")
            return nil
        }
        if positive ? pence <= 0 : pence < 0 {
            fail(name, positive ? "must be more than 0 pence" : "must not be negative")
            return nil
        }
        return pence
    }

    mutating func optionalInteger(_ name: String, minimum: Int64) -> Int64? {
        guard let value = value(name) else { return nil }
        guard let integer = value.int64Value else {
            wrongKind(name, "a whole number", value)
            return nil
        }
        guard integer >= minimum else {
            fail(name, "must be at least \(minimum)")
            return nil
        }
        return integer
    }

    mutating func optionalNumber(_ name: String) -> Double? {
        value(name).flatMap { number(from: $0, at: name) }
    }

    mutating func number(_ name: String) -> Double {
        guard let value = value(name) else {
            missing(name)
            return 0
        }
        return number(from: value, at: name) ?? 0
    }

    private mutating func number(from value: JSON, at name: String) -> Double? {
        guard let number = value.doubleValue else {
            wrongKind(name, "a number", value)
            return nil
        }
        return number
    }

    mutating func optionalBool(_ name: String) -> Bool? {
        value(name).flatMap { bool(from: $0, at: name) }
    }

    mutating func bool(_ name: String) -> Bool {
        guard let value = value(name) else {
            missing(name)
            return false
        }
        return bool(from: value, at: name) ?? false
    }

    private mutating func bool(from value: JSON, at name: String) -> Bool? {
        guard let flag = value.boolValue else {
            wrongKind(name, "true or false", value)
            return nil
        }
        return flag
    }

    // MARK: Vocabulary

    mutating func optionalTerm<Term: DomainTerm>(_ name: String, _ term: Term.Type) -> Term? {
        value(name).flatMap { self.term(from: $0, at: name, Term.self) }
    }

    mutating func term<Term: DomainTerm>(_ name: String, _ term: Term.Type) -> Term? {
        guard let value = value(name) else {
            missing(name)
            return nil
        }
        return self.term(from: value, at: name, Term.self)
    }

    private mutating func term<Term: DomainTerm>(from value: JSON, at name: String, _ term: Term.Type) -> Term? {
        guard let text = value.stringValue else {
            wrongKind(name, "a string", value)
            return nil
        }
        guard let result = Term(rawValue: text) else {
            fail(name, "expected one of \(Term.spellings.joined(separator: ", ")); found '\(text.prefix(60))'")
            return nil
        }
        return result
    }

    // MARK: Nested objects

    /// A list of objects, each read by `read` with its own reader (paths `name[i].field`).
    mutating func records<Item>(
        _ name: String, fields: [FieldDescriptor], required: Bool = false,
        _ read: (inout FieldReader) -> Item
    ) -> [Item] {
        guard let value = value(name) else {
            if required { missing(name) }
            return []
        }
        guard let items = value.arrayValue else {
            wrongKind(name, "an array of objects", value)
            return []
        }
        var result: [Item] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let members = item.objectValue else {
                wrongKind("\(name)[\(index)]", "an object", item)
                continue
            }
            var reader = FieldReader(members, parentPrefix: prefix, list: name, index: index, allowed: fields)
            let element = read(&reader)
            reader.finish()
            issues.append(contentsOf: reader.issues)
            result.append(element)
        }
        return result
    }

    /// The raw object members of a field, unchecked beyond being an object.
    mutating func object(_ name: String) -> [String: JSON] {
        guard let value = value(name) else {
            missing(name)
            return [:]
        }
        guard let members = value.objectValue else {
            wrongKind(name, "an object", value)
            return [:]
        }
        return members
    }

    /// Reports members that no descriptor names.
    mutating func finish() {
        guard consumed < members.count else { return }
        for key in members.keys.sorted() where !allowed.contains(where: { $0.name == key }) {
            let known = allowed.map(\.name).joined(separator: ", ")
            fail(key, "unknown field; expected one of \(known)")
        }
    }
}
