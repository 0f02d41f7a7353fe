import Foundation
internal import DocketJSON

/// Builds the demo's commands in order, giving each a fixed id (`demo-0001`, …) so that event ids,
/// and therefore corrections that name them, are the same on every build.
///
/// Every command carries a `source`: the citation of the report it comes from (domain.md tags), or
/// ``illustrative`` for detail invented for the demo (days within a year, amounts, wording, votes).
struct DemoScript {
    private(set) var commands: [JSON] = []

    static let illustrative = "illustrative: invented for the demo"

    /// The instrument each recording team acts under, unless a command names another.
    static let authorities: [String: String] = [
        "Corporate governance team, Calderdale PCT": "Standing orders, Calderdale PCT",
        "Corporate governance team, Somerset PCT": "Standing orders, Somerset PCT",
        "Corporate governance team, Wirral PCT": "Standing orders, Wirral PCT",
        "Corporate governance team, Somerset CCG": "Constitution, Somerset CCG",
        "Corporate governance team, Wirral CCG": "Constitution, Wirral CCG",
        "NHS transition team": "Health and Social Care Act 2012",
    ]

    /// Appends a command and returns the id its event will have.
    @discardableResult
    mutating func record(
        _ command: String, on occurredAt: String, by actor: String, source: String? = nil, _ fields: [String: JSON]
    ) -> UUID {
        let id = "demo-" + String(repeating: "0", count: max(0, 4 - String(commands.count + 1).count)) + String(commands.count + 1)
        var object = fields
        object["command"] = .string(command)
        object["id"] = .string(id)
        object["occurredAt"] = .string(occurredAt)
        object["actor"] = .string(actor)
        object["source"] = .string(source ?? Self.illustrative)
        if object["authority"] == nil, let authority = Self.authorities[actor] { object["authority"] = .string(authority) }
        commands.append(.object(object))
        return EventID.derive(commandID: id, eventIndex: 0)
    }

    /// Appends a command with an authority and a reason in its envelope.
    @discardableResult
    mutating func record(
        _ command: String, on occurredAt: String, by actor: String, authority: String, reason: String,
        source: String? = nil, _ fields: [String: JSON]
    ) -> UUID {
        var fields = fields
        fields["authority"] = .string(authority)
        fields["reason"] = .string(reason)
        return record(command, on: occurredAt, by: actor, source: source, fields)
    }

    // Shorthands for the common shapes.

    mutating func organisation(
        _ slug: String, _ name: String, _ kind: OrganisationKind, on day: String, by actor: String,
        foundationTrust: Bool = false, population: Int64? = nil, geography: String? = nil, source: String? = nil
    ) {
        var fields: [String: JSON] = ["organisation": .string(slug), "name": .string(name), "kind": .string(kind.rawValue)]
        if foundationTrust { fields["isFoundationTrust"] = true }
        if let population {
            fields["population"] = JSON(population)
            fields["populationSource"] = "2010 ONS mid-year estimate (002 Table 1)"
        }
        if let geography { fields["geography"] = .string(geography) }
        record("register-organisation", on: day, by: actor, source: source ?? (population != nil ? "002 Table 1" : nil), fields)
    }

    mutating func member(_ slug: String, _ role: String, body: String, bodyRole: String, from day: String, by actor: String) {
        record("register-member", on: day, by: actor, ["member": .string(slug), "role": .string(role)])
        record("appoint-member", on: day, by: actor, ["body": .string(body), "member": .string(slug), "role": .string(bodyRole)])
    }

    mutating func stage(
        _ programme: String, _ stage: ProgrammeStage, on day: String, by actor: String, note: String? = nil, source: String? = nil
    ) {
        var fields: [String: JSON] = ["programme": .string(programme), "stage": .string(stage.rawValue)]
        if let note { fields["note"] = .string(note) }
        record("enter-stage", on: day, by: actor, source: source, fields)
    }

    @discardableResult
    mutating func response(
        _ consultation: String, on day: String, by actor: String, _ category: RespondentCategory, _ stance: Stance,
        _ summary: String, name: String? = nil
    ) -> UUID {
        var fields: [String: JSON] = [
            "consultation": .string(consultation), "respondentCategory": .string(category.rawValue),
            "stance": .string(stance.rawValue), "summary": .string(summary),
        ]
        if let name { fields["respondentName"] = .string(name) }
        return record("record-response", on: day, by: actor, fields)
    }

    mutating func allocation(
        _ slug: String, on day: String, by actor: String, payer: String, payee: String? = nil, programme: String,
        decision: String? = nil, pence: Int64, year: String, control: BudgetControl, mechanism: PaymentMechanism,
        purpose: String
    ) {
        var fields: [String: JSON] = [
            "allocation": .string(slug), "payer": .string(payer), "programme": .string(programme),
            "amountPence": JSON(pence), "financialYear": .string(year), "controlType": .string(control.rawValue),
            "paymentMechanism": .string(mechanism.rawValue), "purpose": .string(purpose),
        ]
        if let payee { fields["payee"] = .string(payee) }
        if let decision { fields["decision"] = .string(decision) }
        record("make-allocation", on: day, by: actor, fields)
    }

    static func objective(_ metric: String, _ target: Double, _ unit: String, reviewBy: String) -> JSON {
        ["metric": .string(metric), "target": .number(target), "unit": .string(unit), "reviewBy": .string(reviewBy)]
    }

    static func votes(_ pairs: [(String, Vote)]) -> JSON {
        .array(pairs.map { ["member": .string($0.0), "vote": .string($0.1.rawValue)] })
    }

    static func list(_ items: [String]) -> JSON { .array(items.map(JSON.string)) }
}
