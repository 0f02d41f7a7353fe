/// What a stream must look like for an append to succeed; the store checks it atomically, so two
/// people acting on the same aggregate at once get a conflict rather than a corrupted history.
///
/// Versions count events in a stream from 1: the first event has version 1, and `exact(v)` means
/// "the stream's last event has version v".
public enum StreamExpectation: Sendable, Hashable {
    /// No check.
    case any
    /// The stream must have no events (the command creates the aggregate).
    case noStream
    /// The stream must have at least one event.
    case streamExists
    /// The stream's last event must have exactly this version.
    case exact(Int64)
}
