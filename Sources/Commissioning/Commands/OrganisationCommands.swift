internal import DocketJSON

/// `register-organisation`: a commissioner or provider comes into being (or is first recorded).
/// `occurredAt` is the day it was established.
struct RegisterOrganisation: CommandAction {
    static let descriptor = CommandDescriptor(
        "register-organisation",
        "Record an organisation: a commissioner or a provider. occurredAt is the day it was established.",
        stream: .organisation, produces: [.organisationRegistered],
        fields: [
            Fields.organisation,
            FieldDescriptor("name", .text, correctable: true, "Its name."),
            FieldDescriptor("kind", .choice(OrganisationKind.self), "What it is; fixes whether it commissions or provides."),
            FieldDescriptor(
                "isFoundationTrust", .boolean, required: false,
                "Whether an NHS trust is a foundation trust (default false); only for trusts."
            ),
            FieldDescriptor("population", .integer, required: false, correctable: true, "Population served."),
            FieldDescriptor(
                "populationSource", .text, required: false, correctable: true,
                "Where the population figure comes from, e.g. \"2010 ONS mid-year estimate\"."
            ),
            FieldDescriptor("geography", .text, required: false, correctable: true, "The area it covers."),
        ]
    )

    let organisation: String
    let name: String
    let kind: OrganisationKind?
    let isFoundationTrust: Bool
    let population: Int64?
    let populationSource: String?
    let geography: String?

    init(reading fields: inout FieldReader) {
        organisation = fields.slug("organisation")
        name = fields.text("name")
        kind = fields.term("kind", OrganisationKind.self)
        isFoundationTrust = fields.optionalBool("isFoundationTrust") ?? false
        population = fields.optionalInteger("population", minimum: 1)
        populationSource = fields.optionalText("populationSource")
        geography = fields.optionalText("geography")
        if isFoundationTrust, let kind, !kind.isNHSTrust {
            fields.fail("isFoundationTrust", "only NHS trusts (acute, mental health, community, ambulance) can be foundation trusts, not a \(kind.rawValue)")
        }
    }

    var target: StreamRef { StreamRef(.organisation, organisation) }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        state.requireNew(state.organisation(organisation), organisation, at: "organisation", &issues)
        let kind = kind ?? .primaryCareTrust
        var data: [String: JSON] = [
            "organisation": .string(organisation),
            "name": .string(name),
            "kind": .string(kind.rawValue),
            "sector": .string(kind.sector.rawValue),
            "isFoundationTrust": .bool(isFoundationTrust),
        ]
        if let population { data["population"] = JSON(population) }
        if let populationSource { data["populationSource"] = .string(populationSource) }
        if let geography { data["geography"] = .string(geography) }
        return Payload(type: .organisationRegistered, data: data)
    }
}

/// `record-succession`: an organisation is succeeded by one or more others (PCT → CCG, April 2013).
/// `occurredAt` is the day the successors took over. History keeps the original decision-makers.
struct RecordSuccession: CommandAction {
    static let descriptor = CommandDescriptor(
        "record-succession",
        "Record that an organisation was succeeded by others (e.g. PCT → CCG). occurredAt is the day the successors took over.",
        stream: .organisation, produces: [.organisationSucceeded],
        fields: [
            Fields.organisation.described("The organisation succeeded (the predecessor)."),
            FieldDescriptor("successors", .list(.identifier(.organisation)), "The organisations that take over its functions."),
            FieldDescriptor("functions", .text, required: false, correctable: true, "Which functions pass over."),
            FieldDescriptor(
                "functionsBySuccessor", .list(.record(shareFields)), required: false,
                "Which functions each successor takes, when they divide them (April 2013: the NHS Commissioning Board took primary care and specialised commissioning, the CCGs the rest)."
            ),
        ]
    )

    static let shareFields: [FieldDescriptor] = [
        FieldDescriptor("successor", .identifier(.organisation), "One of the successors."),
        FieldDescriptor("functions", .text, correctable: true, "The functions it takes."),
    ]

    struct Share: Sendable {
        let successor: String
        let functions: String
    }

    let organisation: String
    let successors: [String]
    let functions: String?
    let shares: [Share]

    init(reading fields: inout FieldReader) {
        organisation = fields.slug("organisation")
        successors = fields.slugList("successors", required: true)
        functions = fields.optionalText("functions")
        shares = fields.records("functionsBySuccessor", fields: RecordSuccession.shareFields) { share in
            Share(successor: share.slug("successor"), functions: share.text("functions"))
        }
        if let index = successors.firstIndex(of: organisation) {
            fields.fail("successors[\(index)]", "an organisation cannot succeed itself")
        }
        for (index, share) in shares.enumerated() where !share.successor.isEmpty && !successors.contains(share.successor) {
            fields.fail("functionsBySuccessor[\(index)].successor", "'\(share.successor)' is not listed in successors")
        }
    }

    var target: StreamRef { StreamRef(.organisation, organisation) }
    var references: [StreamRef] { successors.map { StreamRef(.organisation, $0) } }

    func event(in state: CommissioningState, envelope: CommandEnvelope, issues: inout [CommandError.Issue]) -> Payload {
        if let predecessor = state.existing(state.organisation(organisation), organisation, at: "organisation", &issues) {
            if let succession = predecessor.succession {
                issues.add("organisation", "organisation '\(organisation)' was already succeeded on \(succession.on)")
            }
            if envelope.day < predecessor.registeredOn {
                issues.add("occurredAt", "succession on \(envelope.day) is before '\(organisation)' was established on \(predecessor.registeredOn)")
            }
        }
        for (index, successor) in successors.enumerated() {
            let field = "successors[\(index)]"
            guard let state = state.existing(state.organisation(successor), successor, at: field, &issues) else { continue }
            if state.registeredOn > envelope.day {
                issues.add(field, "organisation '\(successor)' was only established on \(state.registeredOn), after the succession on \(envelope.day)")
            }
        }
        var data: [String: JSON] = [
            "organisation": .string(organisation),
            "successors": .array(successors.map(JSON.string)),
        ]
        if let functions { data["functions"] = .string(functions) }
        if !shares.isEmpty {
            data["functionsBySuccessor"] = .array(shares.map { .object(["successor": .string($0.successor), "functions": .string($0.functions)]) })
        }
        return Payload(type: .organisationSucceeded, data: data)
    }
}
