public import Foundation

/// An event the state cannot fold: out of order, of an unknown type or newer schema, or with a
/// payload that does not match its type.
public struct ApplyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var stream: String
    public var eventID: UUID
    /// The event's log position, when it came from the store.
    public var position: Int64?
    public var message: String

    public var description: String {
        let place = position.map { "event at position \($0)" } ?? "event \(eventID.uuidString.lowercased())"
        return "\(place) in '\(stream)': \(message)"
    }
}
