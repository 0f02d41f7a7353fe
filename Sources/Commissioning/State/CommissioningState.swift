import Foundation

/// The current state of every loaded stream: what commands need to validate, folded from events.
///
/// The caller loads streams on demand: for each command, fetch the events of every stream in
/// ``Command/streamsRead`` not yet ``isLoaded(_:)``, `apply` them in version order, then
/// ``markLoaded(_:)`` each stream (including empty ones). Everything is keyed by id, so each
/// command's validation costs O(1) amortised, whatever the size of the ledger (a correction or
/// retraction also scans the event ids of the one stream it names).
///
/// `Command.handle` applies the events it returns, so the state runs ahead of the store while a batch is
/// validated. If the batch is abandoned (an invalid command, a version conflict), discard the state, or
/// the streams the batch touched, and load them again.
///
/// Memory grows with the ledger: about 24 bytes per event (each aggregate keeps its stream's event ids,
/// so corrections can name them) plus each aggregate's summary.
public struct CommissioningState: Sendable {
    /// True when the state holds every stream that exists (a new ledger, or one replayed in full);
    /// then nothing needs loading.
    public let everyStreamLoaded: Bool
    private var loadedStreams: Set<String> = []

    var organisations: [String: OrganisationState] = [:]
    var bodies: [String: BodyState] = [:]
    var members: [String: MemberState] = [:]
    var programmes: [String: ProgrammeState] = [:]
    var consultations: [String: ConsultationState] = [:]
    var decisions: [String: DecisionState] = [:]
    var allocations: [String: AllocationState] = [:]
    var contracts: [String: ContractState] = [:]
    /// Ids of the commands whose events the state has seen, to refuse a reused command id early.
    var commandIDs: Set<String> = []
    var appliedEvents = 0

    /// - Parameter everyStreamLoaded: pass true for an empty ledger or a full replay.
    public init(everyStreamLoaded: Bool = false) {
        self.everyStreamLoaded = everyStreamLoaded
    }

    /// Whether the stream's events are all applied (or it is known to be empty).
    public func isLoaded(_ stream: String) -> Bool {
        everyStreamLoaded || loadedStreams.contains(stream)
    }

    /// Declares the stream's events all applied. Call it for empty streams too.
    public mutating func markLoaded(_ stream: String) {
        if !everyStreamLoaded { loadedStreams.insert(stream) }
    }

    /// The version of the stream's last applied event; 0 when none.
    public func version(of stream: String) -> Int64 {
        guard let (kind, slug) = StreamKind.parse(stream: stream) else { return 0 }
        return version(of: StreamRef(kind, slug))
    }

    /// How many events the state has applied.
    public var eventCount: Int { appliedEvents }

    func version(of ref: StreamRef) -> Int64 {
        switch ref.kind {
        case .organisation: organisations[ref.slug]?.version ?? 0
        case .body: bodies[ref.slug]?.version ?? 0
        case .member: members[ref.slug]?.version ?? 0
        case .programme: programmes[ref.slug]?.version ?? 0
        case .consultation: consultations[ref.slug]?.version ?? 0
        case .decision: decisions[ref.slug]?.version ?? 0
        case .allocation: allocations[ref.slug]?.version ?? 0
        case .contract: contracts[ref.slug]?.version ?? 0
        }
    }

    /// The event `id` of the stream, when the stream has it.
    func entry(_ id: UUID, in ref: StreamRef) -> EventEntry? {
        let history: [EventEntry]? = switch ref.kind {
        case .organisation: organisations[ref.slug]?.history
        case .body: bodies[ref.slug]?.history
        case .member: members[ref.slug]?.history
        case .programme: programmes[ref.slug]?.history
        case .consultation: consultations[ref.slug]?.history
        case .decision: decisions[ref.slug]?.history
        case .allocation: allocations[ref.slug]?.history
        case .contract: contracts[ref.slug]?.history
        }
        return history?.last { $0.id == id }
    }
}
