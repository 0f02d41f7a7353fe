import Commissioning
import DocketJSON
import Ledger

/// The `csv/` folder: spend over £25,000 with HM Treasury's columns, and decisions, contracts, allocations,
/// consultation responses and findings. Every row ends with the log positions it derives from.
enum CSVTables {
    static let redacted = "REDACTED PERSONAL DATA"
    /// Spend over £25,000: more than 2,500,000 pence.
    static let spendThresholdPence: Int64 = 2_500_000
    static let positionsColumn = "Ledger positions"

    struct Table {
        var path: String
        var header: [String]
        var rows: [[String]]

        var bytes: [UInt8] {
            var text = CSVTables.line(header + [CSVTables.positionsColumn])
            for row in rows { text += CSVTables.line(row) }
            return Array(text.utf8)
        }
    }

    /// The consultation responses: written as the log is read (`Fold`), since a response's row is final
    /// when its event is met (corrections and retractions are known before the first event).
    static let responsesPath = "csv/consultation-responses.csv"
    static let responsesHeader = ["Response", "Consultation", "Respondent category", "Stance", "Summary", "Received on", "Respondent"]

    static func responseRow(_ response: PublicRecord.Response) -> [String] {
        [
            response.id.uuidString.lowercased(), response.consultation, response.category, response.stance,
            response.summary, response.receivedOn, response.hasRestrictedFields ? redacted : "",
            Set(response.positions).sorted().map(String.init).joined(separator: " "),
        ]
    }

    /// The tables of the state at the end of the log (all but the responses).
    static func tables(_ record: PublicRecord, findings: [Finding]) -> [Table] {
        func name(_ id: String?) -> String { id.map(record.organisationName) ?? "" }
        /// The positions a row cites: its own events and the registrations of the organisations it names.
        func cite(_ positions: [Int64], organisations: [String?] = []) -> String {
            var all = positions
            for id in organisations {
                guard let id, let organisation = record.organisations[id] else { continue }
                all += record.registrationPositions[organisation.registeredBy] ?? []
            }
            return Set(all).sorted().map(String.init).joined(separator: " ")
        }
        let allocations = record.allocations.values.sorted { $0.id < $1.id }
        let spend = allocations.filter { $0.status == "made" && $0.payee != nil && $0.amountPence > spendThresholdPence }
        return [
            Table(
                path: "csv/spend-over-25000.csv",
                header: ["Department family", "Entity", "Date", "Expense type", "Expense area", "Supplier", "Transaction number", "Amount"],
                rows: spend.map { allocation in
                    let programme = allocation.programme.flatMap { record.programmes[$0] }
                    return [
                        departmentFamily(record.organisations[allocation.payer]?.kind ?? ""), name(allocation.payer),
                        allocation.madeOn, label(allocation.paymentMechanism),
                        programme.map { label($0.serviceArea) } ?? allocation.purpose ?? "", name(allocation.payee),
                        allocation.id, pounds(allocation.amountPence),
                        cite(allocation.positions, organisations: [allocation.payer, allocation.payee]),
                    ]
                }),
            Table(
                path: "csv/decisions.csv",
                header: ["Decision", "Body", "Programme", "Title", "Status", "Outcome", "Taken on", "Approved amount", "Financial year"],
                rows: record.decisions.values.sorted { $0.id < $1.id }.map { decision in
                    [
                        decision.id, record.bodies[decision.body]?.name ?? decision.body, decision.programme, decision.title,
                        decision.status, decision.outcome ?? "", decision.takenOn ?? "",
                        decision.approvedPence.map(pounds) ?? "", decision.financialYear ?? "",
                        cite(decision.positions + (record.bodies[decision.body]?.positions ?? [])),
                    ]
                }),
            Table(
                path: "csv/contracts.csv",
                header: ["Contract", "Programme", "Commissioner", "Provider", "Route", "Start", "End", "Value", "Payment mechanism", "Service", "Awarded on", "Status"],
                rows: record.contracts.values.sorted { $0.id < $1.id }.map { contract in
                    [
                        contract.id, contract.programme, name(contract.commissioner), name(contract.provider), contract.route,
                        contract.startOn, contract.endOn, pounds(contract.valuePence), contract.paymentMechanism, contract.service,
                        contract.awardedOn, contract.status,
                        cite(contract.positions, organisations: [contract.commissioner, contract.provider]),
                    ]
                }),
            Table(
                path: "csv/allocations.csv",
                header: ["Allocation", "Payer", "Payee", "Programme", "Decision", "Amount", "Original amount", "Financial year", "Control type", "Payment mechanism", "Purpose", "Made on", "Status"],
                rows: allocations.map { allocation in
                    [
                        allocation.id, name(allocation.payer), name(allocation.payee), allocation.programme ?? "",
                        allocation.decision ?? "", pounds(allocation.amountPence), pounds(allocation.originalPence),
                        allocation.financialYear, allocation.controlType, allocation.paymentMechanism, allocation.purpose ?? "",
                        allocation.madeOn, allocation.status,
                        cite(allocation.positions, organisations: [allocation.payer, allocation.payee]),
                    ]
                }),
            Table(
                path: "csv/findings.csv",
                header: ["Rule", "Title", "Summary"],
                rows: findings.map { finding in
                    [finding.rule.id, finding.rule.title, finding.summary, cite(finding.events.map(\.position))]
                }),
        ]
    }

    /// Pounds with two decimals, from pence: 12345 → "123.45".
    static func pounds(_ pence: Int64) -> String {
        let sign = pence < 0 ? "-" : ""
        let magnitude = pence.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// HM Treasury's "Department family" for a commissioner's kind.
    static func departmentFamily(_ kind: String) -> String {
        kind == "local-authority-joint-commissioning" ? "Local government" : "Department of Health"
    }

    /// A codelist word as words: "payment-by-results" → "Payment by results".
    static func label(_ word: String) -> String {
        let spaced = word.replacingOccurrences(of: "-", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    /// One RFC 4180 line: fields with a comma, quote or line break are quoted, quotes doubled; CRLF ends it.
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }

    /// Splits RFC 4180 text into rows of fields (the inverse of `line`).
    static func parse(_ text: String) -> [[String]] {
        var rows = [[String]]()
        var row = [String]()
        var field = ""
        var isQuoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if isQuoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { isQuoted = false }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                isQuoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\r\n" || character == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
