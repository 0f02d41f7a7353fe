import Commissioning
import DocketJSON
import Foundation
import PostgresClient

/// Folds the events of one stream into its projection rows. Pure: the projector, the rebuild and
/// `docket replay` all use it, so they agree by construction.
///
/// Ordinary events change rows in place. A correction or retraction refolds the whole stream from
/// its events (``refold(_:into:)``): corrected fields are patched into the events they name before
/// folding, and retracted events are left out — except that retracting what created an aggregate (or
/// an item row: a response, an interest, a programme's stage or service, a contract's notice or review)
/// keeps the row and sets `is_retracted`.
enum StreamFold {
    typealias T = ProjectionSchema.T

    static func isAmendment(_ type: String) -> Bool { type == "EventCorrected" || type == "EventRetracted" }

    /// Whether the read models fold `stream`: only the domain's streams (`<kind>-<id>`, the kind one of
    /// ``StreamKind``). Others are kept and verified like any other, outside the read models.
    static func isProjected(_ stream: String) -> Bool { DomainEventRules.kind(of: stream) != nil }

    /// ``isProjected(_:)`` for a stream whose kind is already split off (the kind is searched once an event).
    private static func isProjected(kind: String) -> Bool { StreamKind(rawValue: kind) != nil }

    /// Applies one ordinary event. `isRetracted` is only true during a refold. Events of streams the
    /// read models do not fold change nothing.
    static func apply(_ event: ProjectionEvent, isRetracted: Bool = false, to rows: RowSet) throws(ProjectionError) {
        let p = Payload(event: event)
        guard let (kind, slug) = event.streamParts, isProjected(kind: kind) else { return }
        func missing() -> ProjectionError { p.error("\(kind) '\(slug)' has no creating event before it") }
        let day = ProjectionValue.text(event.day)
        guard event.schemaVersion == 1 else {
            throw p.error("schema version \(event.schemaVersion) is newer than this build reads (1)")
        }

        switch (kind, event.type) {
        // MARK: organisations
        case ("organisation", "OrganisationRegistered"):
            try rows.create(T.organisations, slug) { r throws(ProjectionError) in
                r["name"] = try p.text("name")
                r["kind"] = try p.text("kind")
                r["sector"] = try p.text("sector")
                r["is_foundation_trust"] = try p.optionalBool("isFoundationTrust") ?? .bool(false)
                r["population"] = try p.optionalInt("population")
                r["population_source"] = try p.optionalText("populationSource")
                r["geography"] = try p.optionalText("geography")
                r["registered_on"] = day
                r["is_retracted"] = .bool(isRetracted)
            }
        case ("organisation", "OrganisationSucceeded"):
            guard !isRetracted else { return }
            try rows.edit(T.organisations, slug, missing: missing()) { r throws(ProjectionError) in
                r["successors"] = try p.json("successors")
                r["succeeded_on"] = day
                r["succession_functions"] = try p.optionalText("functions")
            }

        // MARK: programmes
        case ("programme", "ProgrammeLaunched"):
            try rows.create(T.programmes, slug) { r throws(ProjectionError) in
                r["commissioner"] = try p.text("commissioner")
                r["title"] = try p.text("title")
                r["service_area"] = try p.text("serviceArea")
                r["geography"] = try p.text("geography")
                r["trigger"] = try p.text("trigger")
                r["trigger_note"] = try p.optionalText("triggerNote")
                r["description"] = try p.optionalText("description")
                r["launched_on"] = day
                r["is_retracted"] = .bool(isRetracted)
            }
        case ("programme", "ProgrammeStageEntered"):
            guard rows.row(T.programmes, slug) != nil else { throw missing() }
            try rows.create(T.stages, event.itemID) { r throws(ProjectionError) in
                r["programme_id"] = .text(slug)
                r["stage"] = try p.text("stage")
                r["note"] = try p.optionalText("note")
                r["entered_on"] = day
                r["is_retracted"] = .bool(isRetracted)
            }
        case ("programme", "ServiceCommenced"):
            guard rows.row(T.programmes, slug) != nil else { throw missing() }
            try rows.create(T.services, event.itemID) { r throws(ProjectionError) in
                r["programme_id"] = .text(slug)
                r["provider"] = try p.text("provider")
                r["contract"] = try p.optionalText("contract")
                r["service"] = try p.text("service")
                r["commenced_on"] = day
                r["is_retracted"] = .bool(isRetracted)
            }

        // MARK: consultations
        case ("consultation", "ConsultationOpened"):
            try rows.create(T.consultations, slug) { r throws(ProjectionError) in
                r["programme"] = try p.text("programme")
                r["title"] = try p.text("title")
                r["is_statutory"] = try p.optionalBool("isStatutory")
                r["audience"] = try p.optionalText("audience")
                r["planned_close_on"] = try p.text("plannedCloseOn")
                r["conducted_by"] = try p.optionalText("conductedBy")
                r["opened_on"] = day
                r["is_retracted"] = .bool(isRetracted)
            }
        case ("consultation", "ConsultationResponseReceived"):
            let id = event.itemID
            guard rows.row(T.consultations, slug) != nil else { throw missing() }
            try rows.create(T.responses, id) { r throws(ProjectionError) in
                r["consultation_id"] = .text(slug)
                r["respondent_category"] = try p.text("respondentCategory")
                r["stance"] = try p.text("stance")
                r["summary"] = try p.optionalText("summary")
                r["received_on"] = day
                r["is_retracted"] = .bool(isRetracted)
            }
            if let name = event.restricted?["respondentName"]?.stringValue {
                try rows.create(T.respondents, id) { r in
                    r["consultation_id"] = .text(slug)
                    r["respondent_name"] = .text(name)
                }
            }
        case ("consultation", "ConsultationClosed"):
            guard !isRetracted else { return }
            try rows.edit(T.consultations, slug, missing: missing()) { r throws(ProjectionError) in
                r["closed_on"] = day
                r["closed_by"] = try p.optionalText("closedBy")
                r["outcome"] = try p.text("outcome")
                r["grounds"] = try p.optionalText("grounds")
            }

        // MARK: decisions
        case ("decision", "DecisionProposed"), ("decision", "DecisionTaken"):
            let isTaking = event.type == "DecisionTaken"
            if rows.row(T.decisions, slug) == nil {
                try rows.create(T.decisions, slug) { r in r["is_retracted"] = .bool(true) }
            }
            try rows.edit(T.decisions, slug, missing: missing()) { r throws(ProjectionError) in
                r["programme"] = try p.text("programme")
                r["body"] = try p.text("body")
                r["title"] = try p.text("title")
                guard !isRetracted else { return }
                r["is_retracted"] = .bool(false)
                if isTaking {
                    r["status"] = .text("taken")
                    r["outcome"] = try p.text("outcome")
                    r["service_change"] = try p.optionalText("serviceChange")
                    r["taken_on"] = day
                    r["rationale"] = try p.optionalText("rationale")
                    r["options_considered"] = try p.json("optionsConsidered", default: [])
                    r["evidence"] = try p.json("evidence", default: [])
                    r["consultations"] = try p.json("consultations", default: [])
                    r["objectives"] = try p.json("objectives", default: [])
                    r["members_present"] = try p.json("membersPresent", default: [])
                    r["recusals"] = try p.json("recusals", default: [])
                    r["votes"] = try p.json("votes", default: [])
                    r["affected_organisations"] = try p.json("affectedOrganisations", default: [])
                    r["approved_amount_pence"] = try p.optionalInt("approvedAmountPence")
                    r["financial_year"] = try p.optionalText("financialYear")
                    r["revisions"] = .json([])
                } else {
                    if r["status"] == nil { r["status"] = .text("proposed") }
                    r["proposal"] = try p.text("proposal")
                    r["proposed_amount_pence"] = try p.optionalInt("proposedAmountPence")
                    r["proposed_on"] = day
                }
            }
        case ("decision", "DecisionRevised"):
            guard !isRetracted else { return }
            let item = p.item(["grounds", "rationale", "approvedAmountPence"])
            try rows.edit(T.decisions, slug, missing: missing()) { r throws(ProjectionError) in
                append(item, to: "revisions", of: &r)
                if let rationale = try p.optionalText("rationale") { r["rationale"] = rationale }
                if p.has("objectives") { r["objectives"] = try p.json("objectives") }
                if let amount = try p.optionalInt("approvedAmountPence") { r["approved_amount_pence"] = amount }
            }
        case ("decision", "DecisionRescinded"):
            guard !isRetracted else { return }
            try rows.edit(T.decisions, slug, missing: missing()) { r throws(ProjectionError) in
                r["status"] = .text("rescinded")
                r["rescinded_on"] = day
                r["rescission_grounds"] = try p.optionalText("grounds")
            }

        // MARK: allocations
        case ("allocation", "AllocationMade"):
            try rows.create(T.allocations, slug) { r throws(ProjectionError) in
                r["payer"] = try p.text("payer")
                r["payee"] = try p.optionalText("payee")
                r["programme"] = try p.optionalText("programme")
                r["decision"] = try p.optionalText("decision")
                r["amount_pence"] = try p.int("amountPence")
                r["original_amount_pence"] = r["amount_pence"]
                r["financial_year"] = try p.text("financialYear")
                r["control_type"] = try p.optionalText("controlType")
                r["payment_mechanism"] = try p.optionalText("paymentMechanism")
                r["purpose"] = try p.optionalText("purpose")
                r["made_on"] = day
                r["adjustments"] = .json([])
                r["status"] = .text("active")
                r["is_retracted"] = .bool(isRetracted)
            }
        case ("allocation", "AllocationAdjusted"):
            guard !isRetracted else { return }
            let item = p.item(["amountPence", "grounds"])
            try rows.edit(T.allocations, slug, missing: missing()) { r throws(ProjectionError) in
                r["amount_pence"] = try p.int("amountPence")
                append(item, to: "adjustments", of: &r)
            }
        case ("allocation", "AllocationWithdrawn"):
            guard !isRetracted else { return }
            try rows.edit(T.allocations, slug, missing: missing()) { r in
                r["status"] = .text("withdrawn")
                r["withdrawn_on"] = day
            }

        // MARK: contracts
        case ("contract", "ContractAwarded"):
            try rows.create(T.contracts, slug) { r throws(ProjectionError) in
                r["programme"] = try p.text("programme")
                r["commissioner"] = try p.text("commissioner")
                r["provider"] = try p.text("provider")
                r["decision"] = try p.optionalText("decision")
                r["route"] = try p.text("route")
                r["start_on"] = try p.text("startOn")
                r["end_on"] = try p.text("endOn")
                r["value_pence"] = try p.int("valuePence")
                r["payment_mechanism"] = try p.optionalText("paymentMechanism")
                r["service"] = try p.optionalText("service")
                r["awarded_on"] = day
                r["variations"] = .json([])
                r["status"] = .text("active")
                r["is_retracted"] = .bool(isRetracted)
            }
        case ("contract", "ContractNoticeGiven"):
            guard rows.row(T.contracts, slug) != nil else { throw missing() }
            try rows.create(T.notices, event.itemID) { r throws(ProjectionError) in
                r["contract_id"] = .text(slug)
                r["intent"] = try p.text("intent")
                r["effective_on"] = try p.text("effectiveOn")
                r["terms"] = try p.optionalText("terms")
                r["given_on"] = day
                r["is_retracted"] = .bool(isRetracted)
            }
        case ("contract", "ContractVaried"):
            guard !isRetracted else { return }
            let item = p.item(["effectiveOn", "description", "endOn", "valuePence"])
            try rows.edit(T.contracts, slug, missing: missing()) { r throws(ProjectionError) in
                append(item, to: "variations", of: &r)
                if let end = try p.optionalText("endOn") { r["end_on"] = end }
                if let value = try p.optionalInt("valuePence") { r["value_pence"] = value }
            }
        case ("contract", "ContractTerminated"), ("contract", "ServiceDecommissioned"):
            guard !isRetracted else { return }
            try rows.edit(T.contracts, slug, missing: missing()) { r throws(ProjectionError) in
                r["status"] = .text(event.type == "ContractTerminated" ? "terminated" : "decommissioned")
                r["ended_on"] = try p.text("effectiveOn")
            }
        case ("contract", "ServiceReviewed"):
            guard rows.row(T.contracts, slug) != nil else { throw missing() }
            try rows.create(T.reviews, event.itemID) { r throws(ProjectionError) in
                r["contract_id"] = .text(slug)
                r["period_from"] = try p.text("periodFrom")
                r["period_to"] = try p.text("periodTo")
                r["activity"] = try p.text("activity")
                r["spend_pence"] = try p.optionalInt("spendPence")
                r["quality"] = try p.text("quality")
                r["results"] = p.has("results") ? try p.json("results") : nil
                r["conclusion"] = try p.optionalText("conclusion")
                r["reviewed_on"] = day
                r["is_retracted"] = .bool(isRetracted)
            }

        // MARK: members' interests
        case ("member", "MemberRegistered"):
            try rows.create(T.members, slug) { r throws(ProjectionError) in
                r["role"] = try p.optionalText("role")
                r["registered_on"] = day
                r["is_retracted"] = .bool(isRetracted)
            }
        case ("member", "InterestDeclared"):
            let interest = try p.plainText("interest")
            try rows.create(T.interests, slug + "/" + interest) { r throws(ProjectionError) in
                r["member_id"] = .text(slug)
                r["interest_id"] = .text(interest)
                r["kind"] = try p.text("kind")
                r["organisation"] = try p.text("organisation")
                r["description"] = try p.optionalText("description")
                r["from_on"] = try p.text("from")
                r["to_on"] = try p.optionalText("to")
                r["declared_on"] = day
                r["is_retracted"] = .bool(isRetracted)
            }
        case ("member", "InterestEnded"):
            guard !isRetracted else { return }
            let interest = try p.plainText("interest")
            try rows.edit(T.interests, slug + "/" + interest, missing: p.error("member '\(slug)' declared no interest '\(interest)'")) {
                r throws(ProjectionError) in r["ended_on"] = try p.text("endedOn")
            }

        // MARK: decision bodies and their members
        case ("body", "DecisionBodyEstablished"):
            try rows.create(T.bodies, slug) { r throws(ProjectionError) in
                r["name"] = try p.text("name")
                r["kind"] = try p.optionalText("kind")
                r["organisation"] = try p.optionalText("organisation")
                r["established_on"] = day
                r["is_retracted"] = .bool(isRetracted)
            }
        case ("body", "MemberAppointed"):
            guard rows.row(T.bodies, slug) != nil else { throw missing() }
            let member = try p.plainText("member")
            try rows.create(T.bodyMembers, slug + "/" + member) { r throws(ProjectionError) in
                r["body_id"] = .text(slug)
                r["member_id"] = .text(member)
                r["role"] = try p.optionalText("role")
                r["appointed_on"] = day
                r["is_retracted"] = .bool(isRetracted)
            }
        case ("body", "MembershipEnded"):
            guard !isRetracted else { return }
            let member = try p.plainText("member")
            try rows.edit(T.bodyMembers, slug + "/" + member, missing: p.error("member '\(member)' was not appointed to body '\(slug)'")) {
                r throws(ProjectionError) in r["ended_on"] = day
            }

        default:
            throw p.error("unknown event type '\(event.type)' for a \(kind) stream; this build of docket is older than the ledger, or the event was appended outside the domain")
        }
    }

    /// Applies `event`, or passes over it when it cannot be applied but a later event of its stream
    /// retracts it: retracting an event is the remedy for one the read models cannot apply (the
    /// retraction's refold then leaves it out). Otherwise the error stops the projection.
    static func applyUnlessRetracted(_ event: ProjectionEvent, to rows: RowSet, connection: Connection) throws {
        do {
            try apply(event, to: rows)
        } catch where error.kind == .unappliable {
            guard try ProjectionLog.isRetracted(connection, stream: event.stream, id: event.id) else { throw error }
        }
    }

    /// Folds a whole stream from scratch: corrections patched into the events they name, retracted
    /// events left out (or flagged, for creating events). `events` are the stream's events in version order.
    static func refold(_ events: [ProjectionEvent], into rows: RowSet) throws(ProjectionError) {
        guard let first = events.first, isProjected(first.stream) else { return }
        var retracted = Set<String>()
        var corrections = [String: (data: [String: JSON], restricted: [String: JSON])]()
        // Retractions first: a retracted correction corrects nothing.
        var targets = [String: String]()  // amendment id → the id of the event it names
        for event in events where isAmendment(event.type) {
            guard let target = event.data["event"]?.stringValue?.lowercased() else {
                throw .unappliable(event, "payload field 'event' is missing or not a string")
            }
            targets[event.itemID] = target
            if event.type == "EventRetracted" { retracted.insert(target) }
        }
        var correctedBy = [String: ProjectionEvent]()  // the last correction of each corrected event
        for event in events where event.type == "EventCorrected" && !retracted.contains(event.itemID) {
            let target = targets[event.itemID]!
            var patch = corrections[target] ?? ([:], [:])
            for (field, value) in event.data["changes"]?.objectValue ?? [:] { patch.data[field] = value }
            for (field, value) in event.restricted?["changes"]?.objectValue ?? [:] { patch.restricted[field] = value }
            corrections[target] = patch
            correctedBy[target] = event
        }
        for var event in events where !isAmendment(event.type) {
            let id = event.itemID
            if let patch = corrections[id] {
                for (field, value) in patch.data { event.data[field] = value }
                if !patch.restricted.isEmpty {
                    var restricted = event.restricted ?? [:]
                    for (field, value) in patch.restricted { restricted[field] = value }
                    event.restricted = restricted
                }
            }
            do {
                try apply(event, isRetracted: retracted.contains(id), to: rows)
            } catch where retracted.contains(id) {
                // A retracted event that could not be applied is passed over: retracting it is the remedy.
                continue
            } catch {
                // The event applied before it was corrected: the correction is what cannot be applied.
                guard let correction = correctedBy[id] else { throw error }
                throw .unappliable(correction, "event \(id) as it corrects it cannot be applied: \(error.reason)")
            }
        }
    }

    /// Refolds the stream of the amendment `events.last` into `rows`; returns false, leaving `rows` as
    /// they were, when the refold fails on an event that a later event of the stream retracts (it is
    /// passed over until that retraction's own refold leaves it out).
    static func refoldUnlessRetracted(_ events: [ProjectionEvent], into rows: RowSet, connection: Connection) throws -> Bool {
        do {
            try refold(events, into: rows)
            return true
        } catch where error.kind == .unappliable {
            guard let stream = error.stream, let id = error.eventID,
                  try ProjectionLog.isRetracted(connection, stream: stream, id: id) else { throw error }
            return false
        }
    }

    /// Appends an item describing `event` to the jsonb list `column`.
    private static func append(_ item: JSON, to column: String, of row: inout ProjectionRow) {
        var list = row[column]?.jsonValue?.arrayValue ?? []
        list.append(item)
        row[column] = .json(.array(list))
    }
}

/// Reads one event's payload; every surprise is a ``ProjectionError`` naming the event.
struct Payload {
    let event: ProjectionEvent

    func error(_ reason: String) -> ProjectionError { .unappliable(event, reason) }

    func has(_ name: String) -> Bool { event.data[name].map { !$0.isNull } ?? false }

    func plainText(_ name: String) throws(ProjectionError) -> String {
        guard let value = event.data[name]?.stringValue else { throw error("payload field '\(name)' is missing or not a string") }
        return value
    }

    func text(_ name: String) throws(ProjectionError) -> ProjectionValue { .text(try plainText(name)) }

    func optionalText(_ name: String) throws(ProjectionError) -> ProjectionValue? {
        guard has(name) else { return nil }
        return try text(name)
    }

    func int(_ name: String) throws(ProjectionError) -> ProjectionValue {
        guard let value = try optionalInt(name) else { throw error("payload field '\(name)' is missing") }
        return value
    }

    func optionalInt(_ name: String) throws(ProjectionError) -> ProjectionValue? {
        guard has(name) else { return nil }
        guard let value = event.data[name]?.int64Value else { throw error("payload field '\(name)' is not a whole number") }
        return .int(value)
    }

    func optionalBool(_ name: String) throws(ProjectionError) -> ProjectionValue? {
        guard has(name) else { return nil }
        guard let value = event.data[name]?.boolValue else { throw error("payload field '\(name)' is not a boolean") }
        return .bool(value)
    }

    func json(_ name: String, default fallback: JSON? = nil) throws(ProjectionError) -> ProjectionValue {
        guard has(name), let value = event.data[name] else {
            guard let fallback else { throw error("payload field '\(name)' is missing") }
            return .json(fallback)
        }
        return .json(value)
    }

    /// A list item for a jsonb history column: the event's id and day, and the named payload fields present.
    func item(_ fields: [String]) -> JSON {
        var object: [String: JSON] = ["event": .string(event.itemID), "on": .string(event.day)]
        for field in fields { if let value = event.data[field], !value.isNull { object[field] = value } }
        return .object(object)
    }
}
