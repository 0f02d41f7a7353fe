import Foundation
internal import DocketJSON

/// What the ledger says things are called: organisations, bodies and their members by role,
/// programmes, decisions, consultations, contracts. `docket replay` and `docket findings` use it to
/// name what an event refers to instead of printing identifiers.
///
/// Feed it the events of the streams it should know (``observe(_:)``, any order of streams, each
/// stream in version order); ``references(of:)`` says which streams an event names, so a caller can
/// load just those. Corrections of names are applied; retracted appointments, interests and
/// successions are left out. Members are named by role only: a name is personal data.
public struct Directory: Sendable {
    struct Organisation: Sendable {
        var name: String
        var kind: String
        var registeredOn: Day
        var succession: Succession?
    }

    struct Succession: Sendable {
        let event: UUID
        let on: Day
        let successors: [String]
        var functions: String?
        var functionsBySuccessor: [String: String]
    }

    struct Body: Sendable {
        var name: String
        var organisation: String
        var memberships: [Membership] = []
    }

    struct Membership: Sendable {
        let event: UUID
        let member: String
        var role: String
        let from: Day
        var until: Day?
        var endedBy: UUID?
    }

    struct Member: Sendable {
        var role: String
        var interests: [Interest] = []
    }

    struct Interest: Sendable {
        let event: UUID
        let id: String
        let kind: String
        let organisation: String
        var description: String
        let from: Day
        let to: Day?
        var endedOn: Day?
        var endedBy: UUID?
    }

    var organisations: [String: Organisation] = [:]
    var bodies: [String: Body] = [:]
    var members: [String: Member] = [:]
    /// Titles (programmes, decisions, consultations), services (contracts), purposes (allocations).
    var titles: [String: String] = [:]
    /// The commissioner each programme, contract and allocation belongs to, by stream.
    var owners: [String: String] = [:]
    /// The programme each decision and consultation concerns, by stream.
    var programmeOf: [String: String] = [:]
    /// The body each decision was put to or taken by, by stream.
    var bodyOf: [String: String] = [:]
    /// Which stream each creating, appointing or declaring event is in, for corrections and retractions.
    var events: [UUID: (stream: String, type: EventType)] = [:]
    var retracted: Set<UUID> = []

    public init() {}

    /// Takes one event.
    public mutating func observe(_ event: LoggedEvent) {
        guard let type = EventType(rawValue: event.type), let (_, slug) = StreamKind.parse(stream: event.stream) else { return }
        let data = event.data
        let day = Day(event.occurredAt)
        func text(_ name: String) -> String? { data[name]?.stringValue }
        // Only what names something: a correction of any other event changes no name here.
        if type != .eventCorrected, type != .eventRetracted, type != .consultationResponseReceived, type != .serviceReviewed,
           type != .programmeStageEntered, type != .serviceCommenced, type != .contractNoticeGiven, type != .contractVaried {
            events[event.id] = (event.stream, type)
        }
        switch type {
        case .organisationRegistered:
            organisations[slug] = Organisation(name: text("name") ?? slug, kind: text("kind") ?? "", registeredOn: day)
        case .organisationSucceeded:
            var bySuccessor: [String: String] = [:]
            for item in data["functionsBySuccessor"]?.arrayValue ?? [] {
                if let successor = item["successor"]?.stringValue, let functions = item["functions"]?.stringValue {
                    bySuccessor[successor] = functions
                }
            }
            organisations[slug]?.succession = Succession(
                event: event.id, on: day, successors: data["successors"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                functions: text("functions"), functionsBySuccessor: bySuccessor
            )
        case .decisionBodyEstablished:
            bodies[slug] = Body(name: text("name") ?? slug, organisation: text("organisation") ?? "")
        case .memberAppointed:
            guard let member = text("member") else { return }
            bodies[slug]?.memberships.append(Membership(event: event.id, member: member, role: text("role") ?? "member", from: day))
        case .membershipEnded:
            guard let member = text("member"),
                  let index = bodies[slug]?.memberships.lastIndex(where: { $0.member == member && $0.until == nil })
            else { return }
            bodies[slug]!.memberships[index].until = day
            bodies[slug]!.memberships[index].endedBy = event.id
        case .memberRegistered:
            members[slug] = Member(role: text("role") ?? slug)
        case .interestDeclared:
            members[slug, default: Member(role: slug)].interests.append(Interest(
                event: event.id, id: text("interest") ?? "", kind: text("kind") ?? "", organisation: text("organisation") ?? "",
                description: text("description") ?? "", from: data["from"]?.stringValue.flatMap(Day.parse) ?? day,
                to: data["to"]?.stringValue.flatMap(Day.parse)
            ))
        case .interestEnded:
            guard let id = text("interest"), let index = members[slug]?.interests.lastIndex(where: { $0.id == id }) else { return }
            members[slug]!.interests[index].endedOn = data["endedOn"]?.stringValue.flatMap(Day.parse)
            members[slug]!.interests[index].endedBy = event.id
        case .programmeLaunched:
            titles[event.stream] = text("title")
            owners[event.stream] = text("commissioner")
        case .consultationOpened, .decisionProposed, .decisionTaken:
            titles[event.stream] = text("title")
            programmeOf[event.stream] = text("programme")
            if type != .consultationOpened { bodyOf[event.stream] = text("body") }
        case .contractAwarded:
            titles[event.stream] = text("service")
            owners[event.stream] = text("commissioner")
            if let provider = text("provider") { owners[event.stream + "/provider"] = provider }
        case .allocationMade:
            titles[event.stream] = text("purpose")
            owners[event.stream] = text("payer")
        case .eventCorrected:
            guard let target = text("event").flatMap(UUID.init(uuidString:)), let named = events[target] else { return }
            for (field, value) in data["changes"]?.objectValue ?? [:] {
                guard let value = value.stringValue else { continue }
                correct(named, event: target, field: field, to: value)
            }
        case .eventRetracted:
            if let target = text("event").flatMap(UUID.init(uuidString:)) { retracted.insert(target) }
        default:
            break
        }
    }

    private mutating func correct(_ named: (stream: String, type: EventType), event: UUID, field: String, to value: String) {
        guard let (_, slug) = StreamKind.parse(stream: named.stream) else { return }
        switch (named.type, field) {
        case (.organisationRegistered, "name"): organisations[slug]?.name = value
        case (.organisationSucceeded, "functions"): organisations[slug]?.succession?.functions = value
        case (.decisionBodyEstablished, "name"): bodies[slug]?.name = value
        case (.memberAppointed, "role"):
            if let index = bodies[slug]?.memberships.firstIndex(where: { $0.event == event }) { bodies[slug]!.memberships[index].role = value }
        case (.memberRegistered, "role"): members[slug]?.role = value
        case (.interestDeclared, "description"):
            if let index = members[slug]?.interests.firstIndex(where: { $0.event == event }) { members[slug]!.interests[index].description = value }
        case (.programmeLaunched, "title"), (.consultationOpened, "title"), (.decisionProposed, "title"),
             (.decisionTaken, "title"), (.contractAwarded, "service"), (.allocationMade, "purpose"):
            titles[named.stream] = value
        default: break
        }
    }

    /// The streams an event names (organisations, bodies, members, programmes, …), from the catalogue's
    /// field types: what a reader must load to name everything in it.
    public static func references(of event: LoggedEvent) -> Set<String> {
        guard let type = EventType(rawValue: event.type), let descriptor = Catalogue.eventDescriptor(type) else { return [] }
        var streams = Set<String>()
        func collect(_ value: JSON, _ fieldType: FieldType) {
            switch fieldType {
            case .identifier(let kind):
                if let slug = value.stringValue { streams.insert(kind.stream(slug)) }
            case .list(let element):
                for item in value.arrayValue ?? [] { collect(item, element) }
            case .record(let fields):
                for field in fields { if let inner = value[field.name] { collect(inner, field.type) } }
            default:
                break
            }
        }
        for field in descriptor.fields { if let value = event.data[field.name] { collect(value, field.type) } }
        return streams
    }

    // MARK: names

    /// An organisation's name, or its id marked as unknown.
    public func organisation(_ slug: String) -> String {
        organisations[slug]?.name ?? "'\(slug)' (not in the ledger)"
    }

    /// A body's name.
    public func body(_ slug: String) -> String { bodies[slug]?.name ?? "'\(slug)' (not in the ledger)" }

    /// A member by role; with `body`, also their role on that body: "GP board member A, Somerset PCT
    /// (GP member, Somerset PCT Board)".
    public func member(_ slug: String, on body: String? = nil, at day: Day? = nil) -> String {
        let role = members[slug]?.role ?? "member '\(slug)' (not in the ledger)"
        guard let body, let membership = membership(of: slug, on: body, at: day) else { return role }
        if role.lowercased().hasPrefix(membership.role.lowercased()) { return role }
        return "\(role) (\(membership.role), \(self.body(body)))"
    }

    func membership(of member: String, on body: String, at day: Day?) -> Membership? {
        let periods = (bodies[body]?.memberships ?? []).filter { $0.member == member && !retracted.contains($0.event) }
        guard let day else { return periods.last }
        return periods.last { $0.from <= day && ($0.until.map { day <= $0 } ?? true) } ?? periods.last
    }

    /// A programme's, decision's or consultation's title, a contract's service or an allocation's purpose.
    public func title(_ kind: StreamKind, _ slug: String) -> String {
        switch kind {
        case .organisation: return organisation(slug)
        case .body: return body(slug)
        case .member: return member(slug)
        default:
            guard let title = titles[kind.stream(slug)] else { return "\(kind.noun) '\(slug)' (not in the ledger)" }
            return "“\(title)”"
        }
    }

    /// The body a decision was taken by (or put to).
    public func body(ofDecision slug: String) -> String? { bodyOf[StreamKind.decision.stream(slug)] }

    /// The commissioner a programme, decision, consultation, contract or allocation belongs to.
    /// A decision's commissioner is the organisation of the body that took it (a CCG deciding on a
    /// programme its PCT began), else its programme's.
    public func commissioner(of stream: String) -> String? {
        if let body = bodyOf[stream], let organisation = bodies[body]?.organisation { return organisation }
        if let owner = owners[stream] { return owner }
        if let programme = programmeOf[stream] { return owners[StreamKind.programme.stream(programme)] }
        if let (kind, slug) = StreamKind.parse(stream: stream), kind == .organisation { return slug }
        return nil
    }

    /// Every organisation that `slug` took over from, directly or through a chain of successions,
    /// and `slug` itself.
    public func lineage(of slug: String) -> Set<String> {
        var result: Set<String> = [slug]
        var changed = true
        while changed {
            changed = false
            for (predecessor, organisation) in organisations where !result.contains(predecessor) {
                guard let succession = organisation.succession, !retracted.contains(succession.event) else { continue }
                if succession.successors.contains(where: result.contains) {
                    result.insert(predecessor)
                    changed = true
                }
            }
        }
        return result
    }

    /// Whether the directory knows an organisation with this id.
    public func knowsOrganisation(_ slug: String) -> Bool { organisations[slug] != nil }

    /// Where an organisation's functions went: each successor with the day and the functions, then theirs.
    public func successionLines(of slug: String, indent: String = "", seen: Set<String> = []) -> [String] {
        guard let succession = organisations[slug]?.succession, !retracted.contains(succession.event),
              !seen.contains(slug) else { return [] }
        var lines: [String] = []
        for successor in succession.successors {
            let functions = succession.functionsBySuccessor[successor] ?? succession.functions
            lines.append("\(indent)\(Readable.day(succession.on)) → \(organisation(successor))" + (functions.map { ": \($0)" } ?? ""))
            lines += successionLines(of: successor, indent: indent + "  ", seen: seen.union([slug]))
        }
        return lines
    }

    /// "succeeded on 1 Apr 2013 by Somerset CCG and NHS Commissioning Board", or nil.
    public func succession(of slug: String) -> String? {
        guard let succession = organisations[slug]?.succession, !retracted.contains(succession.event) else { return nil }
        let names = succession.successors.map(organisation)
        let list = names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
        return "succeeded on \(Readable.day(succession.on)) by \(list)"
    }

    /// A member's declared interests, each as one line, standing ones only.
    public func interestLines(of member: String) -> [String] {
        (members[member]?.interests ?? []).filter { !retracted.contains($0.event) }.map { interest in
            let until = interest.endedBy.flatMap { retracted.contains($0) ? nil : interest.endedOn } ?? interest.to
            return "\(Readable.term(interest.kind)) interest in \(organisation(interest.organisation)): \(interest.description) "
                + "(\(Readable.period(from: interest.from, to: until)))"
        }
    }

    /// The bodies a member serves or served on, each as one line.
    public func membershipLines(of member: String) -> [String] {
        var lines: [String] = []
        for slug in bodies.keys.sorted() {
            for membership in bodies[slug]!.memberships where membership.member == member && !retracted.contains(membership.event) {
                let until = membership.endedBy.flatMap { retracted.contains($0) ? nil : membership.until }
                lines.append("\(membership.role), \(body(slug)) (\(Readable.period(from: membership.from, to: until)))")
            }
        }
        return lines
    }
}

extension Directory {
    /// A directory that names everything `events` refer to: the streams they name are read with `read`
    /// (any order of streams, each in version order), then the streams those name, `depth` times.
    /// `alsoRead` adds streams found another way (the bodies that appointed a member).
    public static func around<Failure: Error>(
        _ events: [LoggedEvent], alsoRead: [String] = [], depth: Int = 3,
        read: ([String]) throws(Failure) -> [LoggedEvent]
    ) throws(Failure) -> Directory {
        var directory = Directory()
        for event in events { directory.observe(event) }
        var loaded = Set(events.map(\.stream))
        var wanted = Set(alsoRead)
        for event in events { wanted.formUnion(references(of: event)) }
        for _ in 0..<depth {
            wanted.subtract(loaded)
            guard !wanted.isEmpty else { break }
            let batch = try read(wanted.sorted())
            loaded.formUnion(wanted)
            wanted = []
            for event in batch {
                directory.observe(event)
                wanted.formUnion(references(of: event))
            }
        }
        return directory
    }
}
