/// Renderings of the catalogue: the text of `docket record --help` and docs/domain-events.md.
extension Catalogue {
    /// Plain text for `docket record --help`: the envelope, then every command and its fields.
    public static func commandHelp() -> String {
        var lines: [String] = [
            "Commands are JSON objects, one per line. Every command has these fields:",
            "",
        ]
        lines += helpLines(envelopeFields, indent: "  ")
        for command in commands {
            lines.append("")
            var heading = command.name
            if !command.requiredEnvelopeFields.isEmpty {
                heading += "  (requires " + command.requiredEnvelopeFields.joined(separator: ", ") + ")"
            }
            lines.append(heading)
            lines.append("  " + command.summary)
            lines += helpLines(command.fields, indent: "    ")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func helpLines(_ fields: [FieldDescriptor], indent: String, prefix: String = "") -> [String] {
        var lines: [String] = []
        for field in fields {
            var flags: [String] = [field.isRequired ? "required" : "optional"]
            if field.isPersonal { flags.append("personal") }
            let name = prefix + field.name
            lines.append("\(indent)\(name): \(field.type) [\(flags.joined(separator: ", "))] \(field.summary)")
            if let nested = field.type.nestedFields {
                let listMark = if case .list = field.type { "[]" } else { "" }
                lines += helpLines(nested, indent: indent, prefix: name + listMark + ".")
            }
        }
        return lines
    }

    /// The Markdown of docs/domain-events.md, generated so that it cannot drift from the code.
    public static func documentation() -> String {
        var out = Documentation.introduction
        out += "\n## Commands\n\n"
        out += "Every command carries these envelope fields besides its own:\n\n"
        out += fieldTable(envelopeFields)
        for command in commands {
            out += "\n### `\(command.name)`\n\n\(command.summary)\n\n"
            let stream = command.streamKind.map { "`\($0.rawValue)-<id>`" } ?? "the stream of the event named"
            let produces = command.produces.map { "`\($0.rawValue)`" }.joined(separator: ", ")
            out += "Appends \(command.eventCount) event (\(produces)) to \(stream)."
            if !command.requiredEnvelopeFields.isEmpty {
                out += " Requires the envelope fields " + command.requiredEnvelopeFields.map { "`\($0)`" }.joined(separator: " and ") + "."
            }
            out += "\n\n" + fieldTable(command.fields)
        }
        out += "\n## Event types\n\n"
        out += "All payloads are JSON objects. Fields marked **personal** are never in `data`: they travel in `restricted`, "
        out += "which the store keeps apart and commits to by a salted hash. *Correctable* fields may be amended by `correct-event`.\n"
        for event in eventTypes {
            let stream = event.streamKind.map { "`\($0.rawValue)-<id>`" } ?? "the stream of the event named"
            out += "\n### `\(event.name)` (schema version \(event.schemaVersion))\n\n\(event.summary) Stream: \(stream).\n\n"
            out += fieldTable(event.fields)
        }
        out += "\n## Findings\n\n" + Documentation.findingsIntroduction
        for rule in FindingRule.all {
            out += "\n### `\(rule.id)`: \(rule.title)\n\n\(rule.explanation)\n\nWhy it matters: \(rule.whyItMatters)\n\nSource: \(rule.citation).\n"
        }
        out += Documentation.closing
        return out
    }

    private static func fieldTable(_ fields: [FieldDescriptor]) -> String {
        var out = "| Field | Type | | Description |\n|---|---|---|---|\n"
        for row in fieldRows(fields, prefix: "") { out += row + "\n" }
        return out
    }

    private static func fieldRows(_ fields: [FieldDescriptor], prefix: String) -> [String] {
        var rows: [String] = []
        for field in fields {
            var flags: [String] = [field.isRequired ? "required" : "optional"]
            if field.isPersonal { flags.append("**personal**") }
            if field.isCorrectable { flags.append("*correctable*") }
            let name = prefix + field.name
            let type = field.type.description.replacingOccurrences(of: "|", with: "\\|")
            rows.append("| `\(name)` | \(type) | \(flags.joined(separator: ", ")) | \(field.summary) |")
            if let nested = field.type.nestedFields {
                let listMark = if case .list = field.type { "[]" } else { "" }
                rows += fieldRows(nested, prefix: name + listMark + ".")
            }
        }
        return rows
    }
}
