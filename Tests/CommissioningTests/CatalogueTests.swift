import Commissioning
import DocketJSON
import Foundation
import Testing

@Suite("Catalogue")
struct CatalogueTests {
    @Test func namesAreUnique() {
        #expect(Set(Catalogue.commands.map(\.name)).count == Catalogue.commands.count)
        #expect(Catalogue.eventTypes.map(\.type) == EventType.allCases)
    }

    @Test func everyEventTypeIsProducedByACommand() {
        let produced = Set(Catalogue.commands.flatMap(\.produces))
        #expect(produced == Set(EventType.allCases))
    }

    @Test func everyCommandIsKnownByName() {
        for command in Catalogue.commands {
            #expect(Catalogue.command(named: command.name) == command)
        }
    }

    /// Payloads match their descriptors: every field declared, required ones present, personal ones restricted.
    static func checkConformance(_ log: [LoggedEvent]) {
        for event in log {
            guard let descriptor = Catalogue.eventDescriptor(named: event.type) else {
                Issue.record("no descriptor for \(event.type)")
                continue
            }
            #expect(event.schemaVersion == descriptor.schemaVersion)
            let data = event.data.objectValue ?? [:]
            let restricted = event.restricted ?? [:]
            for key in data.keys {
                let field = descriptor.field(named: key)
                #expect(field != nil, "\(event.type) has undeclared field \(key)")
                #expect(field?.isPersonal != true, "\(event.type).\(key) is personal but public")
            }
            for key in restricted.keys where event.type != "EventCorrected" {
                #expect(descriptor.field(named: key)?.isPersonal == true, "\(event.type).\(key) restricted but not personal")
            }
            for field in descriptor.fields where field.isRequired {
                #expect(data[field.name] != nil || restricted[field.name] != nil, "\(event.type) lacks \(field.name)")
            }
            for field in descriptor.fields {
                guard let nested = field.type.nestedFields, let items = data[field.name]?.arrayValue else { continue }
                for item in items {
                    for key in item.objectValue?.keys ?? [:].keys {
                        #expect(nested.contains { $0.name == key }, "\(event.type).\(field.name)[] has undeclared \(key)")
                    }
                    for nestedField in nested where nestedField.isRequired {
                        #expect(item[nestedField.name] != nil, "\(event.type).\(field.name)[] lacks \(nestedField.name)")
                    }
                }
            }
        }
    }

    @Test func demoPayloadsMatchTheCatalogue() throws {
        Self.checkConformance(try DemoLedgerTests.load().log)
    }

    @Test func syntheticPayloadsMatchTheCatalogue() throws {
        Self.checkConformance(try SyntheticLedgerTests.replay(seed: 4, events: 10_000).log)
    }

    @Test func helpListsEveryCommandAndField() {
        let help = Catalogue.commandHelp()
        for command in Catalogue.commands {
            #expect(help.contains("\n\(command.name)"))
            for field in command.fields { #expect(help.contains("\(field.name): ")) }
        }
        #expect(help.contains("respondentName: text [optional, personal]"))
        #expect(help.contains("objectives[].target: number [required]"))
    }

    @Test func personalFieldsAreMarked() {
        let personal = Catalogue.eventTypes.flatMap { event in event.fields.filter(\.isPersonal).map { "\(event.name).\($0.name)" } }
        #expect(personal == ["MemberRegistered.name", "ConsultationResponseReceived.respondentName"])
    }

    @Test func ruleInputsAreNotCorrectable() {
        let ruleInputs = [
            "consultations", "votes", "affectedOrganisations", "objectives", "approvedAmountPence", "amountPence",
            "effectiveOn", "intent", "outcome", "serviceChange", "from", "to", "endedOn", "organisation", "decision",
            "programme", "provider", "contract", "member", "interest",
        ]
        for event in Catalogue.eventTypes {
            for field in event.fields where ruleInputs.contains(field.name) {
                #expect(!field.isCorrectable, "\(event.name).\(field.name) feeds a rule and must not be correctable")
            }
        }
    }
}

@Suite("Documentation")
struct DocumentationTests {
    static let path = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/domain-events.md")

    /// docs/domain-events.md is generated from the catalogue; record with DOCKET_RECORD_GOLDEN=1.
    @Test func domainEventsDocumentIsCurrent() throws {
        let generated = Catalogue.documentation()
        if ProcessInfo.processInfo.environment["DOCKET_RECORD_GOLDEN"] == "1" {
            try generated.write(to: Self.path, atomically: true, encoding: .utf8)
        }
        let onDisk = try String(contentsOf: Self.path, encoding: .utf8)
        #expect(onDisk == generated, "docs/domain-events.md is stale: run DOCKET_RECORD_GOLDEN=1 swift test --filter DocumentationTests")
    }

    @Test func documentMentionsEveryCommandEventAndRule() {
        let document = Catalogue.documentation()
        for command in Catalogue.commands { #expect(document.contains("### `\(command.name)`")) }
        for event in Catalogue.eventTypes { #expect(document.contains("### `\(event.name)` (schema version 1)")) }
        for rule in FindingRule.all { #expect(document.contains("### `\(rule.id)`")) }
    }
}
