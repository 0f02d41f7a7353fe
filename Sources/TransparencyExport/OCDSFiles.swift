import DocketJSON

/// The `ocds/` folder: the releases in release packages by ranges of log positions, a record package per
/// contracting process (OCID) with its compiled release, a release package of every release, and the
/// ledger-events extension.
///
/// A release file covers positions first…last and holds the releases of the events in that range. Ranges
/// end at every multiple of `rangeSize`, at the end of the log, and at the end of every earlier export's log,
/// so a later export makes the files an earlier one published again byte for byte, and only adds files.
enum OCDSFiles {
    static let version = "1.1"
    static let extensionPath = "extension/extension.json"
    static let rangeSize: Int64 = 10_000
    static let releasesFolder = "ocds/releases/"

    static func releasesPath(first: Int64, last: Int64) -> String {
        func pad(_ n: Int64) -> String { String(repeating: "0", count: max(0, 9 - String(n).count)) + String(n) }
        return releasesFolder + pad(first) + "-" + pad(last) + ".json"
    }

    /// The last position of a release file's range, from its name; nil for any other path.
    static func lastPosition(ofReleasesPath path: String) -> Int64? {
        guard path.hasPrefix(releasesFolder), path.hasSuffix(".json") else { return nil }
        let parts = path.dropFirst(releasesFolder.count).dropLast(5).split(separator: "-")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 9 }), let first = Int64(parts[0]), let last = Int64(parts[1]),
              first >= 1, first <= last, releasesPath(first: first, last: last) == path else { return nil }
        return last
    }

    /// The ends of the release files' ranges for a log of `size` events, given the ends an earlier export used.
    static func rangeEnds(size: Int64, earlier: Set<Int64>) -> [Int64] {
        var ends = Set(stride(from: rangeSize, to: size, by: Int(rangeSize)))
        ends.formUnion(earlier.filter { $0 >= 1 && $0 < size })
        ends.insert(size)
        return ends.sorted()
    }

    static func recordPath(ocid: String) -> String { "ocds/records/\(ocid).json" }

    /// `publishedDate` is a time of the log, not of the machine, so that the same log gives the same files:
    /// for a release's own file, when its event was recorded; for the packages of all, when the last was.
    /// Each release was serialised once, into scratch; its bytes are placed in every package that holds it.
    static func write(
        fold: Fold, scratch: any ExportScratch, publisher: String, publishedDate: String, rangeEnds: [Int64],
        recordedAt: (Int64) -> String, output: inout ExportOutput<some ExportSink>
    ) throws {
        let releases = fold.releases
        var index = 0
        var first: Int64 = 1
        for last in rangeEnds {
            let start = index
            while index < releases.count, releases[index].position <= last { index += 1 }
            if index > start {
                let path = releasesPath(first: first, last: last)
                if let published = try output.published(path) {
                    try output.write(path, published)
                } else {
                    try package(
                        path, publisher: publisher, publishedDate: recordedAt(last), key: "releases",
                        items: { item in for release in releases[start..<index] { try item(try scratch.load(release.bytes)) } }, output: &output)
                }
            }
            first = last + 1
        }
        try package(
            "ocds/release-package.json", publisher: publisher, publishedDate: publishedDate, key: "releases",
            items: { item in for release in releases { try item(try scratch.load(release.bytes)) } }, output: &output)
        var byOCID = [[Int]](repeating: [], count: fold.ocids.count)
        for (index, release) in releases.enumerated() { byOCID[Int(release.ocid)].append(index) }
        for (ocidIndex, ocid) in fold.ocids.enumerated() {
            let path = recordPath(ocid: ocid)
            // The record's members in canonical (sorted) order: compiledRelease, ocid, releases.
            // The compiled release is merged here, from the releases read back, rather than kept for every
            // process while the log is read: it grows with every release.
            var merged = (release: [String: JSON](), latest: "")
            var items = Array(#","ocid":"#.utf8)
            JSON.string(ocid).write(canonicalTo: &items)
            items += Array(#","releases":["#.utf8)
            for (n, index) in byOCID[ocidIndex].enumerated() {
                if n > 0 { items.append(0x2C) }
                let bytes = try scratch.load(releases[index].bytes)
                items += bytes
                guard var release = try JSON.parse(bytes).objectValue else { continue }
                merged.latest = max(merged.latest, release["date"]?.stringValue ?? "")
                release.removeValue(forKey: "tag")
                release.removeValue(forKey: "id")
                merged.release = merge(merged.release, release)
            }
            items += Array("]}".utf8)
            var item = Array(#"{"compiledRelease":"#.utf8)
            JSON.object(compiledRelease(ocid: ocid, merged)).write(canonicalTo: &item)
            item += items
            try package(path, publisher: publisher, publishedDate: publishedDate, key: "records", items: { try $0(item) }, output: &output)
        }
        try output.write("ocds/" + extensionPath, bytes(extensionDescription))
        try output.write("ocds/extension/release-schema.json", bytes(extensionSchema))
    }

    /// A release or record package, written in canonical form around items already serialised canonically,
    /// a piece at a time. The package's keys in canonical order are extensions, publishedDate, publisher,
    /// records or releases, uri, version.
    static func package<Sink: ExportSink>(
        _ uri: String, publisher: String, publishedDate: String, key: String,
        items: (_ item: ([UInt8]) throws -> Void) throws -> Void, output: inout ExportOutput<Sink>
    ) throws {
        var out = Array(#"{"extensions":"#.utf8)
        JSON.array([.string(extensionPath)]).write(canonicalTo: &out)
        out += Array(#","publishedDate":"#.utf8)
        JSON.string(publishedDate).write(canonicalTo: &out)
        out += Array(#","publisher":"#.utf8)
        JSON.object(["name": .string(publisher)]).write(canonicalTo: &out)
        out += Array(",\"\(key)\":[".utf8)
        var isFirst = true
        try items { item in
            if !isFirst { out.append(0x2C) }
            isFirst = false
            out += item
            if out.count >= 1 << 20 {
                try output.append(uri, out)
                out.removeAll(keepingCapacity: true)
            }
        }
        out += Array(#"],"uri":"#.utf8)
        JSON.string(uri).write(canonicalTo: &out)
        out += Array(#","version":"#.utf8)
        JSON.string(version).write(canonicalTo: &out)
        out += Array("}\n".utf8)
        try output.append(uri, out)
        try output.finish(uri)
    }

    /// The compiled release: the releases merged in log order under OCDS's merge rules, simplified: objects
    /// merge member by member, arrays of objects with ids merge by id, anything else is replaced. This
    /// names and dates the result of merging them.
    static func compiledRelease(ocid: String, _ merged: (release: [String: JSON], latest: String)) -> [String: JSON] {
        var compiled = merged.release
        compiled["id"] = .string("\(ocid)-compiled")
        compiled["tag"] = .array(["compiled"])
        compiled["date"] = .string(merged.latest)
        return compiled
    }

    static func merge(_ old: [String: JSON], _ new: [String: JSON]) -> [String: JSON] {
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
