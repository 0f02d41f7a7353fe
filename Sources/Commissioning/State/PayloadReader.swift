import Foundation
internal import DocketJSON

/// Reads fields of a stored payload, which the module wrote itself: any surprise is an ``ApplyError``.
struct PayloadReader {
    let data: JSON
    /// The stream's name is only built when there is an error to report.
    let stream: StreamRef
    let id: UUID

    func error(_ message: String) -> ApplyError {
        ApplyError(stream: stream.name, eventID: id, position: nil, message: message)
    }

    func text(_ name: String) throws(ApplyError) -> String {
        guard let value = data[name]?.stringValue else { throw error("payload field '\(name)' is missing or not a string") }
        return value
    }

    func optionalText(_ name: String) throws(ApplyError) -> String? {
        guard let value = data[name], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw error("payload field '\(name)' is not a string") }
        return text
    }

    func day(_ name: String) throws(ApplyError) -> Day {
        guard let day = try optionalDay(name) else { throw error("payload field '\(name)' is missing") }
        return day
    }

    func optionalDay(_ name: String) throws(ApplyError) -> Day? {
        guard let text = try optionalText(name) else { return nil }
        guard let day = Day.parse(text) else { throw error("payload field '\(name)' is not a date: '\(text)'") }
        return day
    }

    func optionalPence(_ name: String) throws(ApplyError) -> Int64? {
        guard let value = data[name], !value.isNull else { return nil }
        guard let pence = value.int64Value else { throw error("payload field '\(name)' is not whole pence") }
        return pence
    }

    func pence(_ name: String) throws(ApplyError) -> Int64 {
        guard let pence = try optionalPence(name) else { throw error("payload field '\(name)' is missing") }
        return pence
    }

    func term<Term: DomainTerm>(_ name: String, _ type: Term.Type) throws(ApplyError) -> Term {
        let text = try text(name)
        guard let term = Term(rawValue: text) else { throw error("payload field '\(name)' has unknown value '\(text)'") }
        return term
    }

    func slugs(_ name: String) throws(ApplyError) -> [String] {
        guard let value = data[name], !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw error("payload field '\(name)' is not an array") }
        var result: [String] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let text = item.stringValue else { throw error("payload field '\(name)' holds a non-string") }
            result.append(text)
        }
        return result
    }

    func eventID(_ name: String) throws(ApplyError) -> UUID {
        let text = try text(name)
        guard let id = UUID(uuidString: text) else { throw error("payload field '\(name)' is not a UUID") }
        return id
    }

    func has(_ name: String) -> Bool {
        guard let value = data[name] else { return false }
        return !value.isNull
    }
}
