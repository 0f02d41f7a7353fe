public import DocketJSON
public import Foundation

/// How the findings split into parts that can be computed on their own, so that a process that runs for
/// the life of the ledger (the projection worker) can keep what the detector needs in the database
/// rather than in memory, and recompute only what an event may have changed.
///
/// Every finding is about one **anchor**: a decision (`decision:<id>`: open consultation, interested
/// voter or member present at a consensus, missing objectives, allocations or contracts over the decided
/// amount, overdue review, continuing despite unmet objectives, significant change without statutory
/// consultation), a contract (`contract:<id>`: short notice, decommissioning without a decision), a
/// consultation (`consultation:<id>`: halted without grounds) or a service commencement
/// (`commencement:<event id>`: service before contract).
///
/// The events the detector reads fall into **groups**, one per fact it keeps: `decision:<id>`,
/// `consultation:<id>`, `member:<id>` (interests), `allocation:<id>`, `contract:<id>` (with its notices,
/// changes and reviews), `commencement:<event id>`, and `programme:<id>` (a programme's creating event and
/// retractions). A retraction, and an aggregate's creating event, join the group of their stream: the
/// detector counts a retraction only for an event of its own stream, and files every fact under its
/// stream's id.
///
/// **Links** say which groups an anchor's findings read besides its own: a decision reads the
/// consultations it relied on, the interests of the members present, the allocations and contracts made
/// under it, and the contracts of its programme (through `programme-contracts:<programme>`); a contract
/// reads the decision its decommissioning names; a commencement reads its programme, the contract it
/// names and every contract for the same programme and provider (through `pair:<programme>|<provider>`).
/// The findings of a set of anchors are then exactly what a fresh ``FindingsDetector`` reports for them
/// after observing, in log order, the events of the groups reachable from them by links — and an event
/// can change only the anchors from which its groups are reachable.
extension FindingsDetector {
    /// Where one event belongs.
    public struct Partition: Sendable, Equatable {
        /// The groups whose events the event joins.
        public var groups: [String] = []
        /// The links it establishes, as (from, to) keys; `from` is an anchor or a `pair:` key.
        public var links: [Link] = []
    }

    public struct Link: Sendable, Hashable {
        public var from: String
        public var to: String
    }

    /// The groups and links of an event, given by its fields. Events the detector does not read belong nowhere.
    public static func partition(type: String, stream: String, id: UUID, data: JSON) -> Partition {
        guard let type = EventType(rawValue: type), let (kind, slug) = StreamKind.parse(stream: stream) else {
            return Partition()
        }
        var partition = Partition()
        func link(_ from: String, _ to: String) {
            assert(mayLinkFrom(from) && mayLinkTo(to), "a link the walks in FindingsProjection would not follow")
            let link = Link(from: from, to: to)
            if !partition.links.contains(link) { partition.links.append(link) }
        }
        switch type {
        case .decisionTaken:
            partition.groups = ["decision:" + slug]
            for consultation in data["consultations"]?.arrayValue ?? [] {
                if let consultation = consultation.stringValue { link("decision:" + slug, "consultation:" + consultation) }
            }
            // Everyone present: voters (interested-member-voted) and, at a consensus, the others too.
            for member in data["membersPresent"]?.arrayValue ?? [] {
                if let member = member.stringValue { link("decision:" + slug, "member:" + member) }
            }
            for vote in data["votes"]?.arrayValue ?? [] {
                if let member = vote["member"]?.stringValue { link("decision:" + slug, "member:" + member) }
            }
            if let programme = data["programme"]?.stringValue { link("decision:" + slug, "programme-contracts:" + programme) }
        case .decisionRevised, .decisionRescinded:
            partition.groups = ["decision:" + slug]
        case .consultationOpened, .consultationClosed:
            partition.groups = ["consultation:" + slug]
        case .interestDeclared, .interestEnded:
            partition.groups = ["member:" + slug]
        case .allocationMade:
            partition.groups = ["allocation:" + slug]
            if let decision = data["decision"]?.stringValue { link("decision:" + decision, "allocation:" + slug) }
        case .allocationAdjusted, .allocationWithdrawn:
            partition.groups = ["allocation:" + slug]
        case .contractAwarded:
            partition.groups = ["contract:" + slug]
            if let pair = pair(data) { link(pair, "contract:" + slug) }
            if let programme = data["programme"]?.stringValue { link("programme-contracts:" + programme, "contract:" + slug) }
            if let decision = data["decision"]?.stringValue { link("decision:" + decision, "contract:" + slug) }
        case .contractNoticeGiven, .contractVaried, .contractTerminated, .serviceReviewed:
            partition.groups = ["contract:" + slug]
        case .serviceDecommissioned:
            partition.groups = ["contract:" + slug]
            if let decision = data["decision"]?.stringValue { link("contract:" + slug, "decision:" + decision) }
        case .serviceCommenced:
            let anchor = commencementAnchor(id)
            partition.groups = [anchor]
            link(anchor, "programme:" + slug)
            if let pair = pair(data) { link(anchor, pair) }
            if let contract = data["contract"]?.stringValue { link(anchor, "contract:" + contract) }
            if let cover = data["coveredBy"]?.stringValue { link(anchor, "contract:" + cover) }
        case .memberRegistered, .programmeLaunched, .eventRetracted:
            if let group = streamGroup(kind, slug) { partition.groups = [group] }
        case .organisationRegistered, .organisationSucceeded, .decisionBodyEstablished, .memberAppointed,
             .membershipEnded, .programmeStageEntered, .consultationResponseReceived, .decisionProposed,
             .eventCorrected:
            break
        }
        return partition
    }

    /// Whether links may start at `key`: anchors that read other groups (decisions, contracts,
    /// commencements), pairs and a programme's contracts.
    public static func mayLinkFrom(_ key: String) -> Bool {
        key.hasPrefix("decision:") || key.hasPrefix("commencement:") || key.hasPrefix("pair:")
            || key.hasPrefix("contract:") || key.hasPrefix("programme-contracts:")
    }

    /// Whether links may end at `key`: every group but a commencement's own.
    public static func mayLinkTo(_ key: String) -> Bool {
        !key.hasPrefix("commencement:")
    }

    /// Whether `key` names an anchor rather than only a group.
    public static func isAnchor(_ key: String) -> Bool {
        key.hasPrefix("decision:") || key.hasPrefix("contract:") || key.hasPrefix("commencement:")
            || key.hasPrefix("consultation:")
    }

    /// The anchor a finding is about.
    public static func anchor(of finding: Finding) -> String {
        func ref(_ type: EventType) -> Finding.EventReference {
            finding.events.first { $0.type == type.rawValue } ?? finding.events[0]
        }
        func slug(_ ref: Finding.EventReference) -> String { StreamKind.parse(stream: ref.stream)?.slug ?? ref.stream }
        switch finding.rule.id {
        case FindingRule.serviceBeforeContract.id: return commencementAnchor(ref(.serviceCommenced).eventId)
        // Its events are the contract's change and the notice, both in the contract's stream.
        case FindingRule.shortNotice.id: return "contract:" + slug(finding.events[0])
        case FindingRule.decommissionedWithoutDecision.id: return "contract:" + slug(ref(.serviceDecommissioned))
        case FindingRule.consultationHaltedWithoutGrounds.id: return "consultation:" + slug(ref(.consultationClosed))
        default: return "decision:" + slug(ref(.decisionTaken))
        }
    }

    private static func commencementAnchor(_ id: UUID) -> String { "commencement:" + id.lowercasedText }

    private static func pair(_ data: JSON) -> String? {
        guard let programme = data["programme"]?.stringValue, let provider = data["provider"]?.stringValue else { return nil }
        return "pair:" + programme + "|" + provider
    }

    /// The group that a stream's retractions and creating event join.
    private static func streamGroup(_ kind: StreamKind, _ slug: String) -> String? {
        switch kind {
        case .decision, .consultation, .member, .allocation, .contract, .programme: kind.rawValue + ":" + slug
        case .organisation, .body: nil
        }
    }
}
