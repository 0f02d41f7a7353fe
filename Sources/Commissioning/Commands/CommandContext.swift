public import Foundation

/// Where a command sits in the batch being recorded; used to derive ids for commands without an `id`.
public struct CommandContext: Sendable, Hashable {
    /// Chosen by the caller per batch (random for `docket record`, fixed for reproducible loads).
    public var namespace: UUID
    /// The command's index in the batch, from 0.
    public var index: Int

    public init(namespace: UUID, index: Int) {
        self.namespace = namespace
        self.index = index
    }
}
