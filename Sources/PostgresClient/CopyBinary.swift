public import Foundation

/// Rows for `COPY … FROM STDIN (FORMAT binary)`: each value in its type's binary form, so the server
/// parses no text for uuids, integers, bytea and timestamps (and unescapes nothing). The caller writes
/// each row's columns in the statement's order, with the method for each column's SQL type. The server
/// checks only lengths and encodings: an integer of the wrong width is an error, but eight bytes meant
/// for a bigint would load as a timestamp, so a caller's column order wants a round-trip test.
///
/// The layout is PostgreSQL's binary COPY format: a signature, flags and header extension; per row a
/// 16-bit field count, then per field a 32-bit length (-1 for NULL) and the bytes; a trailer of -1.
public struct BinaryCopyData: Sendable {
    /// The header and the rows so far; `Connection.copyIn(_:_:)` sends the trailer after them.
    private(set) var bytes: [UInt8]
    public private(set) var rowCount = 0
    private var fieldCount = 0
    private var rowStart = -1

    /// PostgreSQL's epoch for `timestamptz` in binary form, 2000-01-01 00:00:00 UTC, in Unix microseconds.
    private static let postgresEpochMicros: Int64 = 946_684_800_000_000

    public init() {
        bytes = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]
        bytes += [0, 0, 0, 0, 0, 0, 0, 0]  // flags, header extension length
    }

    public var isEmpty: Bool { rowCount == 0 }

    /// Ends the COPY stream: a field count of -1.
    static let trailer: [UInt8] = [0xFF, 0xFF]

    public mutating func startRow() {
        precondition(rowStart < 0, "startRow() called twice without endRow()")
        rowStart = bytes.count
        fieldCount = 0
        bytes += [0, 0]
    }

    public mutating func endRow() {
        precondition(rowStart >= 0, "endRow() without startRow()")
        bytes[rowStart] = UInt8(truncatingIfNeeded: fieldCount >> 8)
        bytes[rowStart + 1] = UInt8(truncatingIfNeeded: fieldCount)
        rowStart = -1
        rowCount += 1
    }

    public mutating func appendNull() {
        fieldCount += 1
        appendBigEndian(Int32(-1))
    }

    /// A `bigint`.
    public mutating func append(bigint value: Int64) {
        field(length: 8)
        appendBigEndian(value)
    }

    /// An `integer`.
    public mutating func append(integer value: Int32) {
        field(length: 4)
        appendBigEndian(value)
    }

    /// A `text` value (nil is NULL). The server checks that it is valid in the database's encoding.
    public mutating func append(text value: String?) {
        guard var value else { return appendNull() }
        let isContiguous = value.utf8.withContiguousStorageIfAvailable { append(raw: $0) } != nil
        if !isContiguous {
            value.makeContiguousUTF8()
            value.utf8.withContiguousStorageIfAvailable { append(raw: $0) }
        }
    }

    /// A `jsonb` value given as JSON text in UTF-8 (version 1 of jsonb's binary input: the text itself).
    public mutating func append(jsonb utf8: [UInt8]) {
        field(length: utf8.count + 1)
        bytes.append(1)
        bytes += utf8
    }

    /// A `bytea` value.
    public mutating func append(bytea value: [UInt8]) {
        field(length: value.count)
        bytes += value
    }

    /// A `uuid` (nil is NULL).
    public mutating func append(uuid value: UUID?) {
        guard let value else { return appendNull() }
        field(length: 16)
        withUnsafeBytes(of: value.uuid) { bytes.append(contentsOf: $0) }
    }

    /// A `timestamptz`, rounded to the microsecond as ``PostgresTimestamp/format(_:)`` rounds it (nil is NULL).
    public mutating func append(timestamp value: Date?) {
        guard let value else { return appendNull() }
        field(length: 8)
        appendBigEndian(PostgresTimestamp.unixMicroseconds(value) - Self.postgresEpochMicros)
    }

    private mutating func append(raw value: UnsafeBufferPointer<UInt8>) {
        field(length: value.count)
        bytes.append(contentsOf: value)
    }

    private mutating func field(length: Int) {
        precondition(rowStart >= 0, "a value outside startRow() … endRow()")
        precondition(length <= Int32.max, "a COPY field longer than 2 GB")
        fieldCount += 1
        appendBigEndian(Int32(length))
    }

    private mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}

extension Connection {
    /// `COPY … FROM STDIN (FORMAT binary)` of rows already encoded; returns how many.
    @discardableResult
    public func copyIn(_ sql: String, _ data: BinaryCopyData) throws(PostgresError) -> Int {
        try copyIn(sql, stream: data.bytes, trailer: BinaryCopyData.trailer)
        return data.rowCount
    }
}
