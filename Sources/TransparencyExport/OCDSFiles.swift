import DocketJSON

/// The `ocds/` folder: one release package per release, a record package per contracting process (OCID)
/// with its compiled release, a release package of every release, and the ledger-events extension.
enum OCDSFiles {
    static let version = "1.1"
    static let extensionPath = "extension/extension.json"

    /// A release's file: named by its id, which is the id of the event it derives from.
    static func releasePath(_ release: PublicRecord.Release) -> String {
        "ocds/releases/\(release.json["id"]!.stringValue!).json"
    }

    static func recordPath(ocid: String) -> String { "ocds/records/\(ocid).json" }

    /// `publishedDate` is a time of the log, not of the machine, so that the same log gives the same files:
    /// for a release's own file, when its event was recorded; for the packages of all, when the last was.
    static func files(
        record: PublicRecord, publisher: String, publishedDate: String, releaseRecordedAt: (Int64) -> String
    ) -> [String: [UInt8]] {
        var files = [String: [UInt8]]()
        for release in record.releases {
            let path = releasePath(release)
            files[path] = bytes(package(
                uri: path, publisher: publisher, publishedDate: releaseRecordedAt(release.position),
                key: "releases", items: [.object(release.json)]))
        }
        files["ocds/release-package.json"] = bytes(package(
            uri: "ocds/release-package.json", publisher: publisher, publishedDate: publishedDate,
            key: "releases", items: record.releases.map { .object($0.json) }))
        var byOCID = [String: [[String: JSON]]]()
        var order = [String]()
        for release in record.releases {
            if byOCID[release.ocid] == nil { order.append(release.ocid) }
            byOCID[release.ocid, default: []].append(release.json)
        }
        for ocid in order {
            let releases = byOCID[ocid]!
            let path = recordPath(ocid: ocid)
            files[path] = bytes(package(
                uri: path, publisher: publisher, publishedDate: publishedDate, key: "records",
                items: [.object([
                    "ocid": .string(ocid),
                    "releases": .array(releases.map(JSON.object)),
                    "compiledRelease": .object(compile(ocid: ocid, releases)),
                ])]))
        }
        files["ocds/" + extensionPath] = bytes(extensionDescription)
        files["ocds/extension/release-schema.json"] = bytes(extensionSchema)
        return files
    }

    static func package(uri: String, publisher: String, publishedDate: String, key: String, items: [JSON]) -> JSON {
        .object([
            "uri": .string(uri),
            "version": .string(version),
            "extensions": .array([.string(extensionPath)]),
            "publishedDate": .string(publishedDate),
            "publisher": .object(["name": .string(publisher)]),
            key: .array(items),
        ])
    }

    /// The compiled release: the releases merged in log order under OCDS's merge rules, simplified: objects
    /// merge member by member, arrays of objects with ids merge by id, anything else is replaced.
    static func compile(ocid: String, _ releases: [[String: JSON]]) -> [String: JSON] {
        var compiled = [String: JSON]()
        var latest = ""
        for release in releases {
            var release = release
            latest = max(latest, release["date"]?.stringValue ?? "")
            release.removeValue(forKey: "tag")
            release.removeValue(forKey: "id")
            compiled = merge(compiled, release)
        }
        compiled["id"] = .string("\(ocid)-compiled")
        compiled["tag"] = .array(["compiled"])
        compiled["date"] = .string(latest)
        return compiled
    }

    private static func merge(_ old: [String: JSON], _ new: [String: JSON]) -> [String: JSON] {
        var result = old
        for (key, value) in new {
            result[key] = merge(old[key], value)
        }
        return result
    }

    private static func merge(_ old: JSON?, _ new: JSON) -> JSON {
        switch (old, new) {
        case (.object(let a)?, .object(let b)):
            return .object(merge(a, b))
        case (.array(let a)?, .array(let b)) where isIdentified(a) && isIdentified(b):
            var items = a
            for item in b {
                if let index = items.firstIndex(where: { $0["id"] == item["id"] }) {
                    items[index] = merge(items[index], item)
                } else {
                    items.append(item)
                }
            }
            return .array(items)
        default:
            return new
        }
    }

    private static func isIdentified(_ items: [JSON]) -> Bool {
        items.allSatisfy { $0["id"] != nil && $0.objectValue != nil }
    }

    static func bytes(_ json: JSON) -> [UInt8] { json.canonicalBytes + [0x0A] }

    static let extensionDescription: JSON = .object([
        "name": .object(["en": "Ledger events"]),
        "description": .object(["en": "Names the events of a Docket ledger, by log position and event id, that a release derives from, so that anyone can check the release against the signed log and its inclusion proofs."]),
        "documentationUrl": .object(["en": "docs/export.md"]),
        "compatibility": .array(["1.1"]),
    ])

    static let extensionSchema: JSON = .object([
        "properties": .object([
            "ledgerEvents": .object([
                "title": "Ledger events",
                "description": "The events of the ledger this release derives from.",
                "type": "array",
                "items": .object([
                    "type": "object",
                    "required": .array(["position", "id", "type", "stream"]),
                    "properties": .object([
                        "position": .object(["type": "integer", "minimum": 1, "description": "The event's position in the log (its leaf index plus one)."]),
                        "id": .object(["type": "string", "description": "The event's id (a UUID)."]),
                        "type": .object(["type": "string", "description": "The event's type, e.g. ContractAwarded."]),
                        "stream": .object(["type": "string", "description": "The event's stream, e.g. contract-<id>."]),
                    ]),
                ]),
                "minItems": 1,
            ]),
        ]),
    ])
}
