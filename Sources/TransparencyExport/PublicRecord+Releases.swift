import DocketJSON
import Foundation
import Ledger

/// How a public event becomes an OCDS release (docs/export.md, "ocds/").
extension PublicRecord {
    /// The organisation's name as registered (releases use names as they stood at the release).
    func rawName(_ id: String) -> String { organisations[id]?.name ?? id }

    mutating func release(
        _ event: PublicEvent, programme: String, tag: String, planning: [String: JSON],
        payer: String? = nil, payee: String? = nil
    ) {
        let isFirst = !processes.contains(ocid(programme: programme))
        release(event, programme: programme, tags: [isFirst ? "planning" : tag], extra: ["planning": .object(planning)],
                payer: payer, payee: payee)
    }

    mutating func release(
        _ event: PublicEvent, programme: String, tags: [String], extra: [String: JSON],
        supplier: String? = nil, payer: String? = nil, payee: String? = nil
    ) {
        guard let record = programmes[programme] else { return }
        let ocid = ocid(programme: programme)
        var roles: [String: [String]] = [record.commissioner: ["buyer"]]
        if let supplier { roles[supplier, default: []].append("supplier") }
        if let payer { roles[payer, default: []].append("payer") }
        if let payee { roles[payee, default: []].append("payee") }
        let parties = roles.keys.sorted().map { id -> JSON in
            .object(["id": .string(id), "name": .string(rawName(id)), "roles": .array(roles[id]!.map(JSON.string))])
        }
        var json: [String: JSON] = [
            "ocid": .string(ocid),
            "id": .string(event.id.uuidString.lowercased()),
            "date": .string(LedgerTime.format(microseconds: event.occurredAtMicroseconds)),
            "tag": .array(tags.map(JSON.string)),
            "initiationType": "tender",
            "language": "en",
            "buyer": Self.reference(record.commissioner, name: rawName(record.commissioner)),
            "parties": .array(parties),
            "ledgerEvents": .array([.object([
                "position": JSON(event.position), "id": .string(event.id.uuidString.lowercased()),
                "type": .string(event.type), "stream": .string(event.stream),
            ])]),
        ]
        json.merge(extra) { $1 }
        if tags == ["planning"] || json["planning"] != nil {
            json["tender"] = json["tender"] ?? .object(["id": .string(programme), "title": .string(record.title), "status": "planning"])
        }
        releases.append(Release(ocid: ocid, position: event.position, bytes: JSON.object(json).canonicalBytes))
        processes.insert(ocid)
    }

    static func value(_ pence: Int64) -> JSON {
        .object(["amount": .number(Double(pence) / 100), "currency": "GBP"])
    }

    static func date(_ day: String) -> JSON { .string(day + "T00:00:00Z") }

    static func reference(_ id: String, name: String) -> JSON { .object(["id": .string(id), "name": .string(name)]) }

    /// The OCDS method codelist value for a procurement route.
    static func procurementMethod(_ route: String) -> String {
        switch route {
        case "competitive-tender", "any-qualified-provider": "open"
        case "framework": "selective"
        case "lead-provider": "limited"
        default: "direct"
        }
    }
}
