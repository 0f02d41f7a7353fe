internal import DocketJSON

/// The organisations, bodies and members of the synthetic world, and the 2013 and 2022 reorganisations.
extension SyntheticLedger {
    static let memberRoles = ["Chair", "Director of finance", "GP member", "GP member", "Lay member", "Director of public health"]
    static let registrar = "Registrar, synthetic ledger"

    mutating func setUp() -> [JSON] {
        var out: [JSON] = []
        let providerKinds: [(OrganisationKind, Int, Int, String)] = [
            (.acuteTrust, 160, 3, "Acute trust"), (.mentalHealthTrust, 55, 2, "Mental health trust"),
            (.communityTrust, 30, 2, "Community trust"), (.ambulanceTrust, 10, 1, "Ambulance trust"),
            (.gpPractice, 400, 6, "GP practice"), (.thirdSectorProvider, 120, 3, "Third-sector provider"),
        ]
        for (kind, base, minimum, title) in providerKinds {
            var slugs: [String] = []
            for index in 1...count(base, minimum: minimum) {
                let slug = "\(kind.rawValue)-\(SyntheticLedger.number(index, width: 3))"
                let established = Day(year: random.int(in: 1991...2007), month: random.int(in: 1...12), day: 1)!
                var fields: [String: JSON] = [
                    "organisation": .string(slug), "name": .string("\(title) \(SyntheticLedger.number(index, width: 3))"),
                    "kind": .string(kind.rawValue),
                ]
                if kind.isNHSTrust, random.chance(0.5) { fields["isFoundationTrust"] = true }
                out.append(Self.command("register-organisation", established, SyntheticLedger.registrar, fields))
                slugs.append(slug)
            }
            world.providers[kind] = slugs
        }
        for index in 1...count(50, minimum: 2) {
            let slug = "phb-holder-\(SyntheticLedger.number(index, width: 3))"
            out.append(Self.command("register-organisation", Day(year: 2009, month: random.int(in: 1...12), day: 1)!, SyntheticLedger.registrar, [
                "organisation": .string(slug), "name": .string("Personal health budget holder \(index)"),
                "kind": "personal-health-budget-holder", "population": 1,
            ]))
            world.budgetHolders.append(slug)
        }

        let pctDay = Day(year: 2002, month: 4, day: 1)!
        for index in 1...count(152, minimum: 4) {
            let number = SyntheticLedger.number(index, width: 3)
            let population = Int64(200_000 + random.below(241) * 1000)
            let local = localProviders(acute: random.int(in: 1...2), gp: random.int(in: 3...5), thirdSector: random.int(in: 1...2))
            world.pcts.append(addCommissioner(
                "pct-\(number)", "Area \(number) PCT", .primaryCareTrust, on: pctDay, body: .board,
                population: population, geography: "Area \(number)", local: local, into: &out
            ))
        }
        let specialised: [(OrganisationKind, Int, String)] = [
            (.nationalSpecialisedCommissioningGroup, 1, "National specialised commissioning group"),
            (.supraRegionalSpecialisedCommissioningGroup, 4, "Supra-regional specialised commissioning group"),
            (.regionalSpecialisedCommissioningGroup, 10, "Regional specialised commissioning group"),
        ]
        for (kind, base, title) in specialised {
            for index in 1...count(base, minimum: 1) {
                let local = random.sample(world.providers[.acuteTrust]!, 6)
                _ = addCommissioner(
                    "\(kind.rawValue)-\(index)", "\(title) \(index)", kind, on: Day(year: 2007, month: 4, day: 1)!,
                    body: .committee, geography: "Specialised region \(index)", local: local, into: &out
                )
            }
        }
        for index in 1...count(60, minimum: 2) {
            let number = SyntheticLedger.number(index, width: 3)
            let local = localProviders(acute: 0, gp: 0, thirdSector: 3)
            _ = addCommissioner(
                "la-joint-commissioning-\(number)", "Council \(number) joint commissioning unit",
                .localAuthorityJointCommissioning, on: Day(year: 2005, month: 4, day: 1)!, body: .jointCommittee,
                geography: "Council area \(number)", local: local, into: &out
            )
        }
        for index in 1...count(80, minimum: 2) {
            let number = SyntheticLedger.number(index, width: 3)
            let local = localProviders(acute: 1, gp: 4, thirdSector: 1)
            _ = addCommissioner(
                "pbc-consortium-\(number)", "PBC consortium \(number)", .pbcConsortium, on: Day(year: 2005, month: 4, day: 1)!,
                body: .committee, geography: "Locality \(number)", local: local, into: &out
            )
        }
        world.active = Array(world.commissioners.indices)
        return out
    }

    mutating func localProviders(acute: Int, gp: Int, thirdSector: Int) -> [String] {
        var local: [String] = []
        local += random.sample(world.providers[.acuteTrust]!, acute)
        local.append(random.pick(world.providers[.mentalHealthTrust]!))
        local.append(random.pick(world.providers[.communityTrust]!))
        if random.chance(0.3) { local.append(random.pick(world.providers[.ambulanceTrust]!)) }
        local += random.sample(world.providers[.gpPractice]!, gp)
        local += random.sample(world.providers[.thirdSectorProvider]!, thirdSector)
        return local
    }

    /// Registers a commissioner with its body and six members, some with declared interests.
    mutating func addCommissioner(
        _ slug: String, _ name: String, _ kind: OrganisationKind, on day: Day, body bodyKind: BodyKind,
        population: Int64? = nil, geography: String, local: [String], into out: inout [JSON]
    ) -> Int {
        var fields: [String: JSON] = [
            "organisation": .string(slug), "name": .string(name), "kind": .string(kind.rawValue), "geography": .string(geography),
        ]
        if let population {
            fields["population"] = JSON(population)
            fields["populationSource"] = "synthetic"
        }
        out.append(Self.command("register-organisation", day, SyntheticLedger.registrar, fields))
        let body = "\(slug)-\(bodyKind.rawValue)"
        let secretary = "Secretary, \(name)"
        out.append(Self.command("establish-body", day, secretary, [
            "body": .string(body), "organisation": .string(slug), "name": .string("\(name) \(bodyKind.rawValue.replacingOccurrences(of: "-", with: " "))"),
            "kind": .string(bodyKind.rawValue),
        ]))
        var members: [String] = []
        for (index, role) in SyntheticLedger.memberRoles.enumerated() {
            let member = "\(slug)-m\(index + 1)"
            out.append(Self.command("register-member", day, secretary, ["member": .string(member), "role": .string("\(role), \(name)")]))
            out.append(Self.command("appoint-member", day, secretary, ["body": .string(body), "member": .string(member), "role": .string(role)]))
            let gps = local.filter { $0.hasPrefix("gp-practice-") }
            let isGP = role == "GP member"
            if isGP, !gps.isEmpty, random.chance(0.4) {
                declareInterest(member, in: random.pick(gps), .financial, "Partner in the practice", on: day, secretary, &out)
            } else if !local.isEmpty, random.chance(0.1) {
                declareInterest(member, in: random.pick(local), random.chance(0.5) ? .nonFinancial : .indirect,
                                "Trustee or close relative involved", on: day, secretary, &out)
            }
            members.append(member)
        }
        world.commissioners.append(Commissioner(
            slug: slug, name: name, kind: kind, body: body, members: members, localProviders: local, geography: geography
        ))
        return world.commissioners.count - 1
    }

    private mutating func declareInterest(
        _ member: String, in organisation: String, _ kind: InterestKind, _ description: String, on day: Day,
        _ actor: String, _ out: inout [JSON]
    ) {
        out.append(Self.command("declare-interest", day, actor, [
            "member": .string(member), "interest": "interest-1", "kind": .string(kind.rawValue),
            "organisation": .string(organisation), "description": .string(description), "from": .string(day.description),
        ]))
        world.interests[member, default: []].append(organisation)
    }

    /// April 2013: the NHS Commissioning Board and CCGs; PCTs, specialised groups and PBC consortia are succeeded.
    mutating func enterCCGEra() -> [JSON] {
        era = .ccg
        let day = SyntheticLedger.ccgTransition
        var out: [JSON] = []
        let board = addCommissioner(
            "nhs-commissioning-board", "NHS Commissioning Board", .nhsCommissioningBoard, on: Day(year: 2012, month: 10, day: 1)!,
            body: .board, geography: "England", local: random.sample(world.providers[.acuteTrust]!, 12), into: &out
        )
        world.specialisedLead = board
        var successors: [Int: [String]] = [:]
        let ccgCount = count(211, minimum: world.pcts.count)
        for index in 1...ccgCount {
            let pct = index <= world.pcts.count ? world.pcts[index - 1] : random.pick(world.pcts)
            let predecessor = world.commissioners[pct]
            let number = SyntheticLedger.number(index, width: 3)
            let ccg = addCommissioner(
                "ccg-\(number)", "CCG \(number)", .clinicalCommissioningGroup, on: day, body: .governingBody,
                geography: predecessor.geography, local: predecessor.localProviders, into: &out
            )
            world.ccgs.append(ccg)
            successors[pct, default: []].append(world.commissioners[ccg].slug)
        }
        var active = world.ccgs + [board]
        for (index, commissioner) in world.commissioners.enumerated() {
            let successorList: [String]
            switch commissioner.kind {
            case .primaryCareTrust: successorList = successors[index] ?? []
            case .nationalSpecialisedCommissioningGroup, .supraRegionalSpecialisedCommissioningGroup,
                 .regionalSpecialisedCommissioningGroup:
                successorList = ["nhs-commissioning-board"]
            case .pbcConsortium: successorList = [world.commissioners[random.pick(world.ccgs)].slug]
            case .localAuthorityJointCommissioning:
                active.append(index)
                continue
            default: continue
            }
            out.append(Self.command("record-succession", day, SyntheticLedger.registrar, [
                "organisation": .string(commissioner.slug), "successors": .array(successorList.map(JSON.string)),
                "functions": "Commissioning functions (Health and Social Care Act 2012)",
            ]))
        }
        world.active = active
        return out
    }

    /// July 2022: integrated care systems succeed CCGs.
    mutating func enterICSEra() -> [JSON] {
        era = .ics
        let day = SyntheticLedger.icsTransition
        var out: [JSON] = []
        let icsCount = count(42, minimum: 1)
        let ccgs = world.ccgs
        var active: [Int] = []
        for index in 0..<icsCount {
            let members = stride(from: index, to: ccgs.count, by: icsCount).map { world.commissioners[ccgs[$0]] }
            let number = SyntheticLedger.number(index + 1, width: 2)
            let local = Array(Set(members.flatMap(\.localProviders))).sorted()
            let ics = addCommissioner(
                "ics-\(number)", "Integrated care system \(number)", .integratedCareSystem, on: day, body: .board,
                geography: "ICS area \(number)", local: local, into: &out
            )
            active.append(ics)
            for member in members {
                out.append(Self.command("record-succession", day, SyntheticLedger.registrar, [
                    "organisation": .string(member.slug), "successors": [.string(world.commissioners[ics].slug)],
                    "functions": "Commissioning functions (integrated care boards)",
                ]))
            }
        }
        for (index, commissioner) in world.commissioners.enumerated()
        where commissioner.kind == .localAuthorityJointCommissioning || commissioner.kind == .nhsCommissioningBoard {
            active.append(index)
        }
        world.active = active
        return out
    }
}
