import Commissioning
import DocketJSON

/// A small world to test commands against: a PCT with a board of three, a provider, a programme,
/// a consultation, a decision, an allocation and a contract. Each `Fixture` command is valid on
/// top of the ones before it.
enum Fixture {
    static let actor: JSON = "Board secretary, Test PCT"

    static func command(_ name: String, _ on: String, _ fields: [String: JSON]) -> JSON {
        var object = fields
        object["command"] = .string(name)
        object["occurredAt"] = .string(on)
        object["actor"] = actor
        return .object(object)
    }

    static let pct = command("register-organisation", "2002-04-01", [
        "organisation": "test-pct", "name": "Test PCT", "kind": "primary-care-trust", "population": 320000,
    ])
    static let ccg = command("register-organisation", "2013-04-01", [
        "organisation": "test-ccg", "name": "Test CCG", "kind": "clinical-commissioning-group",
    ])
    static let trust = command("register-organisation", "2002-04-01", [
        "organisation": "test-trust", "name": "Test acute trust", "kind": "acute-trust", "isFoundationTrust": true,
    ])
    static let practice = command("register-organisation", "2002-04-01", [
        "organisation": "test-practice", "name": "Test GP practice", "kind": "gp-practice",
    ])
    static let board = command("establish-body", "2002-04-01", [
        "body": "test-board", "organisation": "test-pct", "name": "Test PCT Board", "kind": "board",
    ])
    static func member(_ slug: String) -> [JSON] {
        [
            command("register-member", "2009-04-01", ["member": .string(slug), "role": "Board member"]),
            command("appoint-member", "2009-04-01", ["body": "test-board", "member": .string(slug), "role": "Member"]),
        ]
    }
    static let interest = command("declare-interest", "2009-04-01", [
        "member": "gp-a", "interest": "partner", "kind": "financial", "organisation": "test-practice",
        "description": "Partner in the practice", "from": "2009-04-01",
    ])
    static let programme = command("launch-programme", "2010-03-01", [
        "programme": "test-programme", "commissioner": "test-pct", "title": "Diabetes", "serviceArea": "diabetes",
        "geography": "Test area", "trigger": "demand-mapping",
    ])
    static let consultation = command("open-consultation", "2010-09-01", [
        "consultation": "test-consultation", "programme": "test-programme", "title": "Diabetes consultation",
        "isStatutory": true, "audience": "Everyone", "plannedCloseOn": "2010-11-30",
    ])
    static let response = command("record-response", "2010-09-15", [
        "consultation": "test-consultation", "respondentCategory": "patient", "stance": "support",
        "summary": "Closer to home, please.", "respondentName": "Resident Z (invented)",
    ])
    static let closure = command("close-consultation", "2010-11-30", [
        "consultation": "test-consultation", "closedBy": "Test PCT Board", "outcome": "completed",
    ])
    static let proposal = command("propose-decision", "2011-01-13", [
        "decision": "test-decision", "programme": "test-programme", "body": "test-board",
        "title": "Remodel diabetes care", "proposal": "Three tiers.",
    ])
    static let objective: JSON = ["metric": "Patients in community care", "target": 60, "unit": "%", "reviewBy": "2012-09-30"]
    static let decision = command("take-decision", "2011-02-10", [
        "decision": "test-decision", "programme": "test-programme", "body": "test-board",
        "title": "Remodel diabetes care", "outcome": "approved", "serviceChange": "recommissioned",
        "membersPresent": ["chair", "gp-a", "lay"], "recusals": ["gp-a"],
        "votes": [["member": "chair", "vote": "for"], ["member": "lay", "vote": "for"]],
        "optionsConsidered": [["option": "Three tiers", "isChosen": true], ["option": "Do nothing"]],
        "rationale": "Care closer to home.", "evidence": ["Demand mapping"], "consultations": ["test-consultation"],
        "objectives": [objective], "affectedOrganisations": ["test-trust", "test-practice"],
        "approvedAmountPence": 100_000_000,
    ])
    static let allocation = command("make-allocation", "2011-04-01", [
        "allocation": "test-allocation", "payer": "test-pct", "payee": "test-trust", "programme": "test-programme",
        "decision": "test-decision", "amountPence": 60_000_000, "financialYear": "2011/12", "controlType": "real",
        "paymentMechanism": "block-contract",
    ])
    static let contract = command("award-contract", "2011-05-20", [
        "contract": "test-contract", "programme": "test-programme", "commissioner": "test-pct", "provider": "test-trust",
        "decision": "test-decision", "route": "direct-award", "startOn": "2011-07-01", "endOn": "2014-06-30",
        "valuePence": 90_000_000, "paymentMechanism": "block-contract", "service": "Community diabetes clinics",
    ])

    /// Organisations, the board with members chair, gp-a (interested in test-practice) and lay, and the programme.
    static let organisations: [JSON] = [pct, trust, practice, board] + member("chair") + member("gp-a") + member("lay") + [interest, programme]
    /// Everything up to and including the contract.
    static let world: [JSON] = organisations + [consultation, response, closure, proposal, decision, allocation, contract]

    /// A ledger holding `commands`.
    static func ledger(_ commands: [JSON] = world) throws -> TestLedger {
        var ledger = TestLedger()
        try ledger.record(commands)
        return ledger
    }
}
