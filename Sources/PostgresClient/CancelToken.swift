internal import CLibPQ

/// Cancels whatever query its connection is running, from any thread.
///
/// `@unchecked Sendable` is safe: libpq documents `PQcancel` as thread-safe (it may even be called from
/// a signal handler), and the `PGcancel` object is immutable after `PQgetCancel` made it.
public final class CancelToken: @unchecked Sendable {
    private let handle: OpaquePointer

    init(owning handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        PQfreeCancel(handle)
    }

    /// Asks the server to cancel the running query. The query then fails with ``PostgresError/Kind/cancelled``.
    /// Returns false if the request could not be sent.
    @discardableResult
    public func cancel() -> Bool {
        var buffer = [CChar](repeating: 0, count: 256)
        return PQcancel(handle, &buffer, Int32(buffer.count)) == 1
    }
}
