import Commissioning
import DocketJSON
import Testing

@Suite("Demo ledger")
struct DemoLedgerTests {
    static func load() throws -> TestLedger {
        var ledger = TestLedger()
        for (index, command) in DemoLedger.commands().enumerated() {
            do {
                try ledger.record(command)
            } catch {
                Issue.record("demo command \(index) (\(command["command"]?.stringValue ?? "?")) was rejected: \(error)")
                throw error
            }
        }
        return ledger
    }

    @Test func loadsCleanly() throws {
        let ledger = try Self.load()
        #expect(ledger.log.count == DemoLedger.commands().count)
    }

    @Test func twoLoadsGiveIdenticalEvents() throws {
        let first = try Self.load()
        let second = try Self.load()
        #expect(first.log.count == second.log.count)
        for (a, b) in zip(first.log, second.log) {
            #expect(a.id == b.id)
            #expect(a.stream == b.stream && a.type == b.type && a.version == b.version)
            #expect(a.data == b.data)
            #expect(a.restricted == b.restricted)
            #expect(a.metadata == b.metadata && a.occurredAt == b.occurredAt)
        }
        #expect(DemoLedger.commands() == DemoLedger.commands())
    }

    @Test func triggersEveryFindingRule() throws {
        let findings = try Self.load().findings
        for rule in FindingRule.all {
            #expect(findings.contains { $0.rule == rule }, "no finding for \(rule.id)")
        }
    }

    /// Each rule's planted case, by what it is about (its first subject): every rule fires there and nowhere else.
    static let planted: [String: String] = [
        "decision-relies-on-open-consultation": "calderdale-dementia-priorities-2011",
        "interested-member-voted": "somerset-gp-member-a",
        "service-without-measurable-objectives": "somerset-stroke-esd-2011",
        "less-than-six-months-notice": "wirral-memory-assessment",
        "service-operating-before-contract": "somerset-stroke-esd",
        "allocation-exceeds-decided-amount": "wirral-mas-2011",
        "objective-review-overdue": "somerset-diabetes-continue-2013",
        "service-continued-despite-unmet-objectives": "somerset-diabetes-continue-2013",
        "interested-member-present-at-consensus": "wirral-gp-member-c",
        "service-decommissioned-without-decision": "wirral-podiatry-community",
        "contracts-exceed-decided-amount": "wirral-mas-2011",
        "consultation-halted-without-grounds": "somerset-stroke-esd-engagement-2011",
        "significant-change-without-statutory-consultation": "somerset-stroke-esd-2011",
    ]

    @Test func everyRuleFiresOnItsPlantedCaseAndNoOther() throws {
        let findings = try Self.load().findings
        let fired = Dictionary(findings.map { ($0.rule.id, [$0.subjects.first?.slug ?? "?"]) }, uniquingKeysWith: +)
        #expect(fired == Self.planted.mapValues { [$0] })
        #expect(Set(Self.planted.keys) == Set(FindingRule.all.map(\.id)))
    }

    @Test func findsExactlyThePlantedIrregularities() throws {
        let summaries = try Self.load().findings.map { "\($0.rule.id): \($0.summary)" }
        #expect(summaries == [
            "decision-relies-on-open-consultation: Decision 'calderdale-dementia-priorities-2011' taken on 2011-09-15 relied on consultation 'calderdale-dementia-review-2011', which was still open: it closed only on 2011-10-14.",
            "service-operating-before-contract: The service of programme 'somerset-stroke-esd' by 'somerset-mental-health-trust' began on 2011-05-03, 205 days before its own contract 'somerset-stroke-esd' was agreed on 2011-11-24, covered meanwhile by existing contractual arrangements (contract 'somerset-community-services-2011', agreed on 2011-03-28).",
            "interested-member-voted: Member 'somerset-gp-member-a' voted for on decision 'somerset-diabetes-remodel-2011' on 2011-02-10 while holding a declared financial interest in 'somerset-gp-practice-a' (interest 'practice-partner', from 2009-04-01), an affected organisation, and did not recuse.",
            "service-continued-despite-unmet-objectives: Decision 'somerset-diabetes-continue-2013' of 2013-06-13 continued the service although the review of contract 'somerset-diabetes-intermediate-care' on 2012-09-20 found objectives unmet, and records no rationale for continuing.",
            "consultation-halted-without-grounds: Consultation 'somerset-stroke-esd-engagement-2011' was halted early on 2011-02-25 by Somerset PCT Board, with no grounds stated.",
            "significant-change-without-statutory-consultation: Decision 'somerset-stroke-esd-2011' of 2011-03-10 made a significant change in services and relied on no statutory consultation, only on one that was not.",
            "service-without-measurable-objectives: Decision 'somerset-stroke-esd-2011' of 2011-03-10 approved a new service without measurable objectives.",
            "interested-member-present-at-consensus: Member 'wirral-gp-member-c' was present, without recusing, when decision 'wirral-care-home-antipsychotics-2011' was taken by consensus (no vote recorded) on 2011-10-13, while holding a declared financial interest in 'wirral-gp-provider-company' (interest 'company-shareholder', from 2009-10-01), an affected organisation.",
            "allocation-exceeds-decided-amount: Allocations under decision 'wirral-mas-2011' total £1,035,000.00, above the £900,000.00 decided (£135,000.00 over).",
            "contracts-exceed-decided-amount: The 2 contracts under decision 'wirral-mas-2011' are worth £1,740,000.00, above the £900,000.00 decided (£840,000.00 over).",
            "less-than-six-months-notice: Contract 'wirral-memory-assessment' was varied effective 2012-10-01 with 61 days' notice (given 2012-08-01); six months' notice meant giving it by 2012-04-01.",
            "objective-review-overdue: Decision 'somerset-diabetes-continue-2013' of 2013-06-13 set objectives to be reviewed by 2014-03-31; no review of a contract of programme 'somerset-diabetes-three-tier' is recorded since the decision, though the ledger records the programme's contracts until 2014-04-10.",
            "service-decommissioned-without-decision: The service under contract 'wirral-podiatry-community' was decommissioned effective 2013-09-30 (recorded as decided on 2013-06-27) with no decision behind it.",
        ])
    }

    @Test func usesTheStudySitesAndTheirPopulations() throws {
        let ledger = try Self.load()
        let populations = Dictionary(uniqueKeysWithValues: ledger.log
            .filter { $0.type == "OrganisationRegistered" && $0.data["population"] != nil }
            .map { ($0.data["organisation"]!.stringValue!, $0.data["population"]!.int64Value!) })
        #expect(populations == ["calderdale-pct": 202_741, "somerset-pct": 525_186, "wirral-pct": 308_837])
        // The six developments of 002 Table 2, each citing it.
        let developments = ledger.log.filter { $0.type == "ProgrammeLaunched" && $0.metadata.source?.hasPrefix("002 Table 2") == true }
        #expect(developments.count == 6)
    }

    @Test func recordsTheApril2013Succession() throws {
        let ledger = try Self.load()
        let successions = ledger.log.filter { $0.type == "OrganisationSucceeded" && $0.occurredAt == Day(year: 2013, month: 4, day: 1)!.date }
        #expect(Set(successions.map(\.stream)) == ["organisation-calderdale-pct", "organisation-kirklees-pct", "organisation-somerset-pct", "organisation-wirral-pct"])
        // The NHS Commissioning Board takes primary care and specialised commissioning, the CCG the rest.
        for succession in successions {
            let shares = succession.data["functionsBySuccessor"]?.arrayValue ?? []
            let board = shares.first { $0["successor"]?.stringValue == "nhs-commissioning-board" }?["functions"]?.stringValue ?? ""
            #expect(board.contains("Primary care") && board.contains("specialised"))
            #expect(shares.contains { $0["successor"]?.stringValue?.hasSuffix("-ccg") == true })
        }
    }

    /// What the sources say, kept: each fact from a report carries its citation, the rest is marked illustrative.
    @Test func everyEventSaysWhereItComesFrom() throws {
        for event in try Self.load().log {
            let source = try #require(event.metadata.source, "event #\(event.position) has no source")
            let cites = ["000", "001", "002", "003", "004"].contains { source.hasPrefix($0) }
            #expect(cites || source.hasPrefix("illustrative"), "#\(event.position): \(source)")
        }
    }

    /// No event is recorded by an actor of an organisation before that organisation existed.
    @Test func noEventBeforeItsActorExists() throws {
        let log = try Self.load().log
        let organisations = log.filter { $0.type == "OrganisationRegistered" }
            .map { (name: $0.data["name"]!.stringValue!, since: Day($0.occurredAt)) }
        for event in log {
            for organisation in organisations where event.metadata.actor.hasSuffix(", " + organisation.name) {
                #expect(Day(event.occurredAt) >= organisation.since, "#\(event.position) by \(event.metadata.actor) before \(organisation.since)")
            }
        }
    }

    @Test func noContractBeforeItsProgrammeOrItsProvider() throws {
        let log = try Self.load().log
        func day(_ type: String, _ field: String, _ slug: String) -> Day? {
            log.first { $0.type == type && $0.data[field]?.stringValue == slug }.map { Day($0.occurredAt) }
        }
        for contract in log where contract.type == "ContractAwarded" {
            let awarded = Day(contract.occurredAt)
            #expect(day("ProgrammeLaunched", "programme", contract.data["programme"]!.stringValue!)! <= awarded, "\(contract.stream)")
            #expect(day("OrganisationRegistered", "organisation", contract.data["provider"]!.stringValue!)! <= awarded, "\(contract.stream)")
        }
    }

    /// Wirral podiatry stays where the study left it during the study years, and does not contradict itself.
    @Test func wirralPodiatryStaysAtDiscussionPlanningAndModelling() throws {
        let log = try Self.load().log
        let stages = log.filter { $0.stream == "programme-wirral-diabetic-podiatry" && $0.type == "ProgrammeStageEntered" }
            .map { $0.data["stage"]!.stringValue! }
        #expect(Set(stages).isSubset(of: ["discussion-and-planning", "modelling", "review", "needs-assessment"]))
        #expect(stages.contains("discussion-and-planning") && stages.contains("modelling"))
        #expect(!log.contains { $0.type == "ContractAwarded" && $0.data["programme"]?.stringValue == "wirral-diabetic-podiatry" })
        let closure = try #require(log.first { $0.stream == "consultation-wirral-podiatry-2011" && $0.type == "ConsultationClosed" })
        #expect(closure.data["grounds"]?.stringValue?.contains("procurement") == false)
        let decision = try #require(log.first { $0.stream == "decision-wirral-podiatry-2011" && $0.type == "DecisionTaken" })
        #expect(decision.data["serviceChange"]?.stringValue == "none")
    }

    /// Somerset's early supported discharge ran under existing contractual arrangements: the community
    /// services contract the mental health trust took over from the PCT's own provider arm.
    @Test func somersetESDRanUnderTheCommunityServicesContract() throws {
        let log = try Self.load().log
        let commencement = try #require(log.first { $0.stream == "programme-somerset-stroke-esd" && $0.type == "ServiceCommenced" })
        let cover = try #require(commencement.data["coveredBy"]?.stringValue)
        let contract = try #require(log.first { $0.stream == "contract-" + cover && $0.type == "ContractAwarded" })
        #expect(contract.data["provider"] == commencement.data["provider"])
        let arm = try #require(log.first { $0.stream == "organisation-somerset-pct-provider-arm" && $0.type == "OrganisationSucceeded" })
        #expect(arm.data["successors"]?.arrayValue?.first == contract.data["provider"])
        #expect(log.contains { $0.type == "ContractAwarded" && $0.data["provider"]?.stringValue == "somerset-pct-provider-arm" })
    }

    /// The Kirklees expansion belongs to the dementia case study, not to Calderdale PCT.
    @Test func kirkleesBelongsToTheDementiaReview() throws {
        #expect(!DemoLedger.summary.contains("Calderdale PCT (population 202,741; expanded"))
        let log = try Self.load().log
        let pct = try #require(log.first { $0.stream == "organisation-calderdale-pct" })
        #expect(pct.data["geography"]?.stringValue == "Calderdale")
        let review = try #require(log.first { $0.stream == "programme-calderdale-dementia-review" })
        #expect(review.data["geography"]?.stringValue?.contains("Kirklees") == true)
    }

    /// Planted irregularities fall on generic roles, never on a post one real person held: neither the
    /// members a finding names nor the actors of its evidence.
    @Test func noFindingNamesAPostOneRealPersonHeld() throws {
        let ledger = try Self.load()
        for finding in ledger.findings {
            for reference in finding.events {
                let actor = ledger.event(Int(reference.position)).metadata.actor
                for post in ["Chief executive", "chair", "Chair", "secretary", "Director"] {
                    #expect(!actor.contains(post), "\(finding.rule.id): evidence #\(reference.position) recorded by \(actor)")
                }
            }
        }
        let roles = Dictionary(uniqueKeysWithValues: ledger.log.filter { $0.type == "MemberRegistered" }
            .map { ($0.data["member"]!.stringValue!, $0.data["role"]!.stringValue!) })
        for finding in ledger.findings {
            for subject in finding.subjects where subject.kind == .member {
                let role = roles[subject.slug] ?? ""
                for post in ["Chief executive", "Clinical chair", "Chair,", "Director of"] {
                    #expect(!role.contains(post), "\(finding.rule.id) names \(role)")
                }
            }
        }
    }

    @Test func respondentNamesAreRestricted() throws {
        let ledger = try Self.load()
        for event in ledger.log where event.type == "ConsultationResponseReceived" {
            #expect(event.data["respondentName"] == nil)
        }
        #expect(ledger.log.contains { $0.restricted?["respondentName"] != nil })
    }

    @Test func includesACorrectionAndARetraction() throws {
        let types = Set(try Self.load().log.map(\.type))
        #expect(types.isSuperset(of: ["EventCorrected", "EventRetracted"]))
    }

    @Test func summaryNamesTheSites() {
        for site in ["Calderdale", "Somerset", "Wirral", "202,741", "525,186", "308,837"] {
            #expect(DemoLedger.summary.contains(site))
        }
    }
}
