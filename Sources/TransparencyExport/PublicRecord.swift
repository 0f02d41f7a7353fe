import DocketJSON
import Foundation
import Ledger

/// What the public export says about the commissioning in a log, folded from its public events in one pass
/// (`Fold`), after every correction and retraction has been noted (`noteCorrection`).
///
/// Two views come out of the same pass. Releases are made as each event is met, from the state as the log
/// stood at that event, so a later event never changes a release already made; the fold takes them
/// (`releases`) and the consultation responses (`responses`, final when met) as it goes. The tables
/// (`decisions`, `allocations`, `contracts`) are the state at the end, with corrections applied and
/// retracted events left out, each row naming every position it derives from.
struct PublicRecord {
    struct Organisation {
        var name: String
        var kind: String
        var sector: String
        var registeredBy: UUID
    }

    struct Programme {
        var id: String
        var commissioner: String
        var title: String
        var serviceArea: String
        var description: String?
        var createdBy: UUID
    }

    struct Decision {
        var id: String
        var programme: String
        var body: String
        var title: String
        var status: String
        var outcome: String?
        var takenOn: String?
        var approvedPence: Int64?
        var financialYear: String?
        var createdBy: UUID
        var positions: [Int64]
    }

    struct Allocation {
        var id: String
        var payer: String
        var payee: String?
        var programme: String?
        var decision: String?
        var amountPence: Int64
        var originalPence: Int64
        var financialYear: String
        var controlType: String
        var paymentMechanism: String
        var purpose: String?
        var madeOn: String
        var status: String
        var createdBy: UUID
        var positions: [Int64]
    }

    struct Contract {
        var id: String
        var programme: String
        var commissioner: String
        var provider: String
        var decision: String?
        var route: String
        var startOn: String
        var endOn: String
        var valuePence: Int64
        var paymentMechanism: String
        var service: String
        var awardedOn: String
        var status: String
        var createdBy: UUID
        var positions: [Int64]
    }

    struct Response {
        var id: UUID
        var consultation: String
        var category: String
        var stance: String
        var summary: String
        var receivedOn: String
        /// The respondent's name is restricted: only its salted digest is public.
        var hasRestrictedFields: Bool
        var positions: [Int64]
    }

    /// A release: the event it derives from and its OCDS content in canonical bytes, made when the event was met.
    struct Release {
        var ocid: String
        var position: Int64
        var bytes: [UInt8]
    }

    var organisations: [String: Organisation] = [:]
    /// An organisation's registering event (its id) → the positions of it and of its corrections.
    var registrationPositions: [UUID: [Int64]] = [:]
    /// Decision-making bodies: name (as corrected), organisation, and the positions of their establishment
    /// and its corrections.
    var bodies: [String: (name: String, organisation: String, positions: [Int64])] = [:]
    var programmes: [String: Programme] = [:]
    var decisions: [String: Decision] = [:]
    var allocations: [String: Allocation] = [:]
    var contracts: [String: Contract] = [:]
    /// Responses and releases made since the fold last took them.
    var responses: [UUID: Response] = [:]
    var releases: [Release] = []
    /// The contracting processes that have a release so far (their first release is tagged `planning`).
    var processes: Set<String> = []
    /// Corrections of an event (its id) as they stand at the end: field → value, and the positions that made them.
    var corrections: [UUID: (changes: [String: JSON], positions: [Int64])] = [:]
    /// Retracted events (their ids) → the position of the retraction.
    var retractions: [UUID: Int64] = [:]
    /// Events with restricted fields that the export left out (as digests only).
    var restrictedEvents = 0

    let ocidPrefix: String

    init(ocidPrefix: String) {
        self.ocidPrefix = ocidPrefix
    }

    /// Notes a correction or retraction. The tables show the state at the end, so every correction is noted
    /// before the first event is observed.
    mutating func noteCorrection(_ event: PublicEvent) {
        guard let target = event.data["event"]?.stringValue.flatMap(UUID.init(uuidString:)) else { return }
        if event.type == "EventCorrected", let changes = event.data["changes"]?.objectValue {
            var entry = corrections[target] ?? ([:], [])
            entry.changes.merge(changes) { $1 }
            entry.positions.append(event.position)
            corrections[target] = entry
        } else if event.type == "EventRetracted" {
            retractions[target] = event.position
        }
    }

    /// A field of an event as corrected by the end of the log.
    func corrected(_ event: PublicEvent, _ key: String) -> JSON? {
        corrections[event.id]?.changes[key] ?? event.data[key]
    }

    func positions(_ event: PublicEvent) -> [Int64] {
        [event.position] + (corrections[event.id]?.positions ?? [])
    }

    func organisationName(_ id: String) -> String {
        guard let organisation = organisations[id] else { return id }
        return corrections[organisation.registeredBy]?.changes["name"]?.stringValue ?? organisation.name
    }

    func ocid(programme: String) -> String { "\(ocidPrefix)-\(programme)" }

    mutating func observe(_ event: PublicEvent) {
        if event.restrictedDigest != nil { restrictedEvents += 1 }
        let data = event.data
        func text(_ key: String) -> String? { data[key]?.stringValue }
        func pence(_ key: String) -> Int64? { data[key]?.int64Value }
        let day = LedgerTime.day(microseconds: event.occurredAtMicroseconds)
        let isRetracted = retractions[event.id] != nil
        switch event.type {
        case "OrganisationRegistered":
            guard let id = text("organisation") else { return }
            organisations[id] = Organisation(
                name: text("name") ?? id, kind: text("kind") ?? "", sector: text("sector") ?? "", registeredBy: event.id)
            registrationPositions[event.id] = positions(event)
        case "DecisionBodyEstablished":
            guard let id = text("body") else { return }
            bodies[id] = (corrected(event, "name")?.stringValue ?? id, text("organisation") ?? "", positions(event))
        case "ProgrammeLaunched":
            guard let id = text("programme"), let commissioner = text("commissioner") else { return }
            programmes[id] = Programme(
                id: id, commissioner: commissioner, title: text("title") ?? id, serviceArea: text("serviceArea") ?? "",
                description: text("description"), createdBy: event.id)
            release(event, programme: id, tag: "planning", planning: [
                "rationale": text("description").map(JSON.string) ?? .string(text("title") ?? id),
            ])
        case "DecisionProposed", "DecisionTaken":
            guard let id = text("decision"), let programme = text("programme") else { return }
            var decision = decisions[id] ?? Decision(
                id: id, programme: programme, body: text("body") ?? "", title: text("title") ?? id, status: "proposed",
                createdBy: event.id, positions: [])
            decision.title = corrected(event, "title")?.stringValue ?? decision.title
            if event.type == "DecisionTaken" {
                decision.status = "taken"
                decision.outcome = text("outcome")
                decision.takenOn = day
                decision.approvedPence = pence("approvedAmountPence")
                decision.financialYear = text("financialYear")
            }
            if !isRetracted {
                decision.positions += positions(event)
                decisions[id] = decision
            }
            var planning: [String: JSON] = [:]
            if let rationale = text(event.type == "DecisionTaken" ? "rationale" : "proposal") { planning["rationale"] = .string(rationale) }
            if let amount = pence(event.type == "DecisionTaken" ? "approvedAmountPence" : "proposedAmountPence") {
                planning["budget"] = .object([
                    "id": .string(id), "description": .string(text("title") ?? id), "amount": Self.value(amount),
                ])
            }
            release(event, programme: programme, tag: "planningUpdate", planning: planning)
        case "DecisionRevised", "DecisionRescinded":
            guard let id = text("decision"), var decision = decisions[id] else { return }
            if !isRetracted {
                if event.type == "DecisionRescinded" { decision.status = "rescinded" }
                if let amount = pence("approvedAmountPence") { decision.approvedPence = amount }
                decision.positions += positions(event)
                decisions[id] = decision
            }
            var planning: [String: JSON] = ["rationale": .string(text("grounds") ?? "")]
            if let amount = pence("approvedAmountPence") {
                planning["budget"] = .object(["id": .string(id), "description": .string(decision.title), "amount": Self.value(amount)])
            }
            release(event, programme: decision.programme, tag: "planningUpdate", planning: planning)
        case "AllocationMade":
            guard let id = text("allocation"), let payer = text("payer"), let amount = pence("amountPence") else { return }
            let allocation = Allocation(
                id: id, payer: payer, payee: text("payee"), programme: text("programme"), decision: text("decision"),
                amountPence: amount, originalPence: amount, financialYear: text("financialYear") ?? "",
                controlType: text("controlType") ?? "", paymentMechanism: text("paymentMechanism") ?? "",
                purpose: corrected(event, "purpose")?.stringValue, madeOn: day, status: "made", createdBy: event.id,
                positions: positions(event))
            if !isRetracted { allocations[id] = allocation }
            if let programme = allocation.programme ?? allocation.decision.flatMap({ decisions[$0]?.programme }) {
                release(event, programme: programme, tag: "planningUpdate", planning: [
                    "budget": .object([
                        "id": .string(id), "description": .string(text("purpose") ?? id), "amount": Self.value(amount),
                        "project": .string(text("financialYear") ?? ""),
                    ]),
                ], payer: payer, payee: allocation.payee)
            }
        case "AllocationAdjusted", "AllocationWithdrawn":
            guard let id = text("allocation"), var allocation = allocations[id] else { return }
            if !isRetracted {
                if let amount = pence("amountPence") { allocation.amountPence = amount }
                if event.type == "AllocationWithdrawn" { allocation.status = "withdrawn" }
                allocation.positions += positions(event)
                allocations[id] = allocation
            }
            if let programme = allocation.programme ?? allocation.decision.flatMap({ decisions[$0]?.programme }) {
                let amount = event.type == "AllocationWithdrawn" ? 0 : (pence("amountPence") ?? allocation.amountPence)
                release(event, programme: programme, tag: "planningUpdate", planning: [
                    "budget": .object([
                        "id": .string(id), "description": .string(text("grounds") ?? (event.type == "AllocationWithdrawn" ? "Withdrawn" : "Adjusted")),
                        "amount": Self.value(amount),
                    ]),
                ], payer: allocation.payer, payee: allocation.payee)
            }
        case "ContractAwarded":
            guard let id = text("contract"), let programme = text("programme"), let provider = text("provider"),
                  let commissioner = text("commissioner"), let value = pence("valuePence") else { return }
            let contract = Contract(
                id: id, programme: programme, commissioner: commissioner, provider: provider, decision: text("decision"),
                route: text("route") ?? "", startOn: text("startOn") ?? "", endOn: text("endOn") ?? "", valuePence: value,
                paymentMechanism: text("paymentMechanism") ?? "", service: corrected(event, "service")?.stringValue ?? "",
                awardedOn: day, status: "active", createdBy: event.id, positions: positions(event))
            if !isRetracted { contracts[id] = contract }
            let period: JSON = .object(["startDate": Self.date(contract.startOn), "endDate": Self.date(contract.endOn)])
            release(event, programme: programme, tags: ["award", "contract"], extra: [
                "tender": .object([
                    "id": .string(programme), "procurementMethod": .string(Self.procurementMethod(contract.route)),
                    "procurementMethodDetails": .string(contract.route),
                ]),
                "awards": .array([.object([
                    "id": .string(id), "title": .string(text("service") ?? id), "status": "active",
                    "date": .string(LedgerTime.format(microseconds: event.occurredAtMicroseconds)),
                    "value": Self.value(value), "contractPeriod": period,
                    "suppliers": .array([Self.reference(provider, name: rawName(provider))]),
                ])]),
                "contracts": .array([.object([
                    "id": .string(id), "awardID": .string(id), "title": .string(text("service") ?? id), "status": "active",
                    "value": Self.value(value), "period": period,
                    "dateSigned": .string(LedgerTime.format(microseconds: event.occurredAtMicroseconds)),
                ])]),
            ], supplier: provider)
        case "ContractVaried", "ContractNoticeGiven", "ServiceReviewed", "ContractTerminated", "ServiceDecommissioned":
            guard let id = text("contract"), var contract = contracts[id] else { return }
            if !isRetracted {
                if let value = pence("valuePence"), event.type == "ContractVaried" { contract.valuePence = value }
                if let end = text("endOn"), event.type == "ContractVaried" { contract.endOn = end }
                if event.type == "ContractTerminated" { contract.status = "terminated" }
                if event.type == "ServiceDecommissioned" { contract.status = "decommissioned" }
                contract.positions += positions(event)
                contracts[id] = contract
            }
            var object: [String: JSON] = ["id": .string(id), "awardID": .string(id)]
            let when = JSON.string(LedgerTime.format(microseconds: event.occurredAtMicroseconds))
            let tag: String
            switch event.type {
            case "ContractVaried":
                tag = "contractAmendment"
                if let value = pence("valuePence") { object["value"] = Self.value(value) }
                if let end = text("endOn") { object["period"] = .object(["endDate": Self.date(end)]) }
                object["amendments"] = .array([.object([
                    "id": .string(event.id.uuidString.lowercased()), "date": when,
                    "description": .string(text("description") ?? ""),
                    "rationale": .string("Effective \(text("effectiveOn") ?? day)"),
                ])])
            case "ContractNoticeGiven":
                tag = "implementation"
                object["milestones"] = .array([.object([
                    "id": .string(event.id.uuidString.lowercased()),
                    "title": .string("Notice of \(text("intent") ?? "change")"),
                    "description": .string(text("terms") ?? ""), "type": "delivery", "status": "scheduled",
                    "dueDate": text("effectiveOn").map(Self.date) ?? .null, "dateModified": when,
                ])])
            case "ServiceReviewed":
                tag = "implementation"
                var implementation: [String: JSON] = [
                    "milestones": .array([.object([
                        "id": .string(event.id.uuidString.lowercased()),
                        "title": .string("Service review \(text("periodFrom") ?? "") to \(text("periodTo") ?? "")"),
                        "description": .string(text("conclusion") ?? text("quality") ?? ""), "type": "reporting", "status": "met",
                        "dateMet": when,
                    ])]),
                ]
                if let spend = pence("spendPence") {
                    implementation["transactions"] = .array([.object([
                        "id": .string(event.id.uuidString.lowercased()), "source": .string(id), "date": when,
                        "value": Self.value(spend),
                        "payer": Self.reference(contract.commissioner, name: rawName(contract.commissioner)),
                        "payee": Self.reference(contract.provider, name: rawName(contract.provider)),
                    ])])
                }
                object["implementation"] = .object(implementation)
            default:
                tag = "contractTermination"
                object["status"] = "terminated"
                object["period"] = .object(["endDate": text("effectiveOn").map(Self.date) ?? when])
                object["description"] = .string(text("grounds") ?? "")
            }
            release(event, programme: contract.programme, tags: [tag], extra: ["contracts": .array([.object(object)])],
                    supplier: contract.provider)
        case "ConsultationResponseReceived":
            guard let consultation = text("consultation"), !isRetracted else { return }
            responses[event.id] = Response(
                id: event.id, consultation: consultation, category: text("respondentCategory") ?? "",
                stance: text("stance") ?? "", summary: corrected(event, "summary")?.stringValue ?? "", receivedOn: day,
                hasRestrictedFields: event.restrictedDigest != nil, positions: positions(event))
        default:
            break
        }
    }
}
