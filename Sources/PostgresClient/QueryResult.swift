internal import CLibPQ
public import Foundation

/// The rows a statement returned, in PostgreSQL's text format.
///
/// It owns its `PGresult` and frees it when released. Values are copied out on access, so nothing
/// refers to libpq memory after the result is gone. `@unchecked Sendable` is safe: a `PGresult` is
/// read-only once returned, and libpq allows reading one from several threads.
public final class QueryResult: @unchecked Sendable {
    private let handle: OpaquePointer

    /// The number of rows.
    public let rowCount: Int
    /// The number of columns.
    public let columnCount: Int

    init(owning handle: OpaquePointer) {
        self.handle = handle
        rowCount = Int(PQntuples(handle))
        columnCount = Int(PQnfields(handle))
    }

    deinit {
        PQclear(handle)
    }

    /// How many rows an INSERT, UPDATE or DELETE touched (0 if not applicable).
    public var affectedRows: Int {
        Int(String(cString: PQcmdTuples(handle))) ?? 0
    }

    /// The column names, in order.
    public var columnNames: [String] {
        (0..<columnCount).map { String(cString: PQfname(handle, Int32($0))) }
    }

    /// The index of the column called `name`, or nil.
    public func column(named name: String) -> Int? {
        let index = Int(PQfnumber(handle, Connection.quoteIdentifier(name)))
        return index >= 0 ? index : nil
    }

    /// The rows, each a view onto this result.
    public var rows: [Row] { (0..<rowCount).map { Row(result: self, index: $0) } }

    public subscript(row: Int) -> Row { Row(result: self, index: row) }

    // MARK: Values

    public func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(handle, Int32(row), Int32(column)) == 1
    }

    /// Calls `body` with the value's bytes without copying them; nil for NULL.
    public func withBytes<R>(_ row: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        if isNull(row, column) { return try body(nil) }
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        let pointer = UnsafeRawPointer(PQgetvalue(handle, Int32(row), Int32(column))!)
        return try body(UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: length))
    }

    /// The value as text; nil for NULL.
    public func string(_ row: Int, _ column: Int) -> String? {
        withBytes(row, column) { bytes in bytes.map { String(decoding: $0, as: UTF8.self) } }
    }

    public func int64(_ row: Int, _ column: Int) throws(PostgresError) -> Int64? {
        guard let text = string(row, column) else { return nil }
        guard let value = Int64(text) else { throw decodingError(row, column, text, "an integer") }
        return value
    }

    public func double(_ row: Int, _ column: Int) throws(PostgresError) -> Double? {
        guard let text = string(row, column) else { return nil }
        guard let value = Double(text) else { throw decodingError(row, column, text, "a number") }
        return value
    }

    public func bool(_ row: Int, _ column: Int) throws(PostgresError) -> Bool? {
        switch string(row, column) {
        case nil: return nil
        case "t": return true
        case "f": return false
        case let text?: throw decodingError(row, column, text, "a boolean")
        }
    }

    public func uuid(_ row: Int, _ column: Int) throws(PostgresError) -> UUID? {
        if let value = withBytes(row, column, { $0.flatMap(Self.parseUUID) }) { return value }
        guard let text = string(row, column) else { return nil }
        guard let value = UUID(uuidString: text) else { throw decodingError(row, column, text, "a uuid") }
        return value
    }

    /// The server's uuid output (`8-4-4-4-12` hex digits), parsed without Foundation's slower general
    /// parser; nil for anything else, which then goes to `UUID(uuidString:)`.
    static func parseUUID(_ text: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard text.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            var index = 0
            for position in 0..<16 {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard text[index] == UInt8(ascii: "-") else { return false }
                    index += 1
                }
                guard let high = Self.hexValue(text[index]), let low = Self.hexValue(text[index + 1]) else { return false }
                out[position] = high << 4 | low
                index += 2
            }
            return true
        }
        return parsed ? UUID(uuid: bytes) : nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A `timestamptz` value (the connection's session zone is UTC).
    public func date(_ row: Int, _ column: Int) throws(PostgresError) -> Date? {
        guard let text = string(row, column) else { return nil }
        guard let value = PostgresTimestamp.parse(text) else { throw decodingError(row, column, text, "a timestamp") }
        return value
    }

    /// A `bytea` value, decoded from the server's hex output (`\x0a1b…`).
    public func bytes(_ row: Int, _ column: Int) throws(PostgresError) -> [UInt8]? {
        let decoded: [UInt8]?? = withBytes(row, column) { raw in
            guard let raw else { return .some(nil) }
            return PostgresBytes.decodeHex(raw).map { .some($0) }
        }
        guard let decoded else {
            throw decodingError(row, column, string(row, column) ?? "", "bytea in hex format")
        }
        return decoded
    }

    private func decodingError(_ row: Int, _ column: Int, _ text: String, _ expected: String) -> PostgresError {
        let name = String(cString: PQfname(handle, Int32(column)))
        return PostgresError(
            kind: .decoding,
            message: "column \(name) of row \(row + 1) holds \"\(text.prefix(40))\", expected \(expected)"
        )
    }
}

extension QueryResult {
    /// One row of a result. Column accessors take a column index or name.
    public struct Row: Sendable {
        public let result: QueryResult
        public let index: Int

        private func column(_ name: String) throws(PostgresError) -> Int {
            guard let column = result.column(named: name) else {
                throw PostgresError(kind: .decoding, message: "the result has no column named \(name)")
            }
            return column
        }

        public func string(_ name: String) throws(PostgresError) -> String? { result.string(index, try column(name)) }
        public func int64(_ name: String) throws(PostgresError) -> Int64? { try result.int64(index, try column(name)) }
        public func bool(_ name: String) throws(PostgresError) -> Bool? { try result.bool(index, try column(name)) }
        public func double(_ name: String) throws(PostgresError) -> Double? { try result.double(index, try column(name)) }
        public func uuid(_ name: String) throws(PostgresError) -> UUID? { try result.uuid(index, try column(name)) }
        public func date(_ name: String) throws(PostgresError) -> Date? { try result.date(index, try column(name)) }
        public func bytes(_ name: String) throws(PostgresError) -> [UInt8]? { try result.bytes(index, try column(name)) }
    }
}
