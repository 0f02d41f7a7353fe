public import DocketJSON
internal import Foundation

/// Findings as an auditor reads them: people by role, bodies and programmes by name, why the rule
/// matters, the source it comes from and the evidence, each event with its day and who recorded it.
/// Pure: `docket findings` loads the directory and the evidence, then renders this.
public struct FindingReport: Sendable {
    public let directory: Directory
    /// The events findings cite, by log position; an event missing here is listed by its reference alone.
    public let evidence: [Int64: LoggedEvent]

    public init(directory: Directory, evidence: [Int64: LoggedEvent]) {
        self.directory = directory
        self.evidence = evidence
    }

    /// A subject's name: a member by role (and role on the body that decided), a decision by title, …
    public func name(_ subject: Finding.Subject) -> String {
        switch subject.kind {
        case .member: directory.member(subject.slug, on: subject.body, at: subject.day)
        case .organisation: directory.organisation(subject.slug)
        case .body: directory.body(subject.slug)
        default: directory.title(subject.kind, subject.slug)
        }
    }

    /// The summary with names instead of ids and days written out.
    public func summary(_ finding: Finding) -> String {
        Self.readableDays(Finding.fill(finding.template, finding.subjects.map(name)))
    }

    /// The commissioners the finding's decisions, programmes, consultations, contracts and allocations belong to.
    public func commissioners(_ finding: Finding) -> [String] {
        var result: [String] = []
        for subject in finding.subjects where subject.kind != .organisation && subject.kind != .member {
            if let commissioner = directory.commissioner(of: subject.kind.stream(subject.slug)), !result.contains(commissioner) {
                result.append(commissioner)
            }
        }
        return result
    }

    /// Whether the finding belongs to one of `organisations` (a commissioner and its predecessors).
    public func belongs(_ finding: Finding, to organisations: Set<String>) -> Bool {
        commissioners(finding).contains(where: organisations.contains)
    }

    public func text(_ findings: [Finding]) -> String {
        var out = ""
        for (index, finding) in findings.enumerated() {
            out += "\(index + 1). [\(finding.rule.id)] \(finding.rule.title)\n"
            out += "   \(summary(finding))\n"
            for subject in finding.subjects where subject.kind == .decision {
                guard let body = directory.body(ofDecision: subject.slug) else { continue }
                let organisation = directory.bodies[body].map { " of " + directory.organisation($0.organisation) } ?? ""
                out += "   Decided by: \(directory.body(body))\(organisation)\n"
            }
            for commissioner in commissioners(finding) {
                out += "   Commissioner: \(directory.organisation(commissioner))"
                if let succession = directory.succession(of: commissioner) { out += ", \(succession)" }
                out += "\n"
            }
            out += "   Why it matters: \(finding.rule.whyItMatters)\n"
            out += "   Source: \(finding.rule.citation)\n"
            out += "   Evidence:\n"
            for reference in finding.events { out += "     \(evidenceLine(reference))\n" }
            out += "\n"
        }
        return out
    }

    func evidenceLine(_ reference: Finding.EventReference) -> String {
        var line = "#\(reference.position) \(Readable.eventTitle(reference.type))"
        if let event = evidence[reference.position] {
            line += " on \(Readable.time(event.occurredAt)), recorded \(Readable.time(event.recordedAt)) by \(event.metadata.actor)"
            if let authority = event.metadata.authority { line += " under \(authority)" }
            if let source = event.metadata.source { line += "; source: \(source)" }
        }
        return line + " (docket replay \(reference.stream))"
    }

    public func json(_ finding: Finding) -> JSON {
        .object([
            "rule": .string(finding.rule.id),
            "title": .string(finding.rule.title),
            "summary": .string(finding.summary),
            "text": .string(summary(finding)),
            "why_it_matters": .string(finding.rule.whyItMatters),
            "source": .string(finding.rule.citation),
            "commissioners": .array(commissioners(finding).map { .object(["id": .string($0), "name": .string(directory.organisation($0))]) }),
            "subjects": .array(finding.subjects.map { subject in
                .object(["kind": .string(subject.kind.rawValue), "id": .string(subject.slug), "name": .string(name(subject))])
            }),
            "events": .array(finding.events.map { reference in
                var object: [String: JSON] = [
                    "position": JSON(reference.position), "id": .string(reference.eventId.uuidString.lowercased()),
                    "stream": .string(reference.stream), "type": .string(reference.type),
                ]
                if let event = evidence[reference.position] {
                    object["actor"] = .string(event.metadata.actor)
                    object["occurred_at"] = .string(StreamHistory.iso(event.occurredAt))
                    object["recorded_at"] = .string(StreamHistory.iso(event.recordedAt))
                    if let source = event.metadata.source { object["source"] = .string(source) }
                }
                return .object(object)
            }),
        ])
    }

    /// "2011-09-15" → "15 Sep 2011", wherever a day appears.
    static func readableDays(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let range = rest.firstRange(of: #/[0-9]{4}-[0-9]{2}-[0-9]{2}/#) {
            out += rest[..<range.lowerBound]
            let match = String(rest[range])
            out += Day.parse(match).map(Readable.day) ?? match
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
