internal import DocketJSON

/// One contract's commands: award, commencement, allocations, reviews, and the variations, endings and
/// decisions that follow, some planted irregular.
extension SyntheticLedger {
    mutating func contractCommands(_ script: inout ProgrammeScript, _ contract: PlannedContract) {
        let slug = script.slug
        let lead = script.lead
        script.add("award-contract", contract.awardedOn, [
            "contract": .string(contract.slug), "programme": .string(slug), "commissioner": .string(lead.slug),
            "provider": .string(contract.provider), "decision": .string(slug), "route": .string(contract.route.rawValue),
            "startOn": .string(contract.startOn.description), "endOn": .string(contract.endOn.description),
            "valuePence": JSON(contract.annual * Int64(contract.years)), "paymentMechanism": .string(contract.mechanism.rawValue),
            "service": .string("Service under programme \(slug)"),
        ])
        // Usually the service starts with the contract; sometimes it ran ahead of it (planted).
        let commenced = random.chance(0.05) ? contract.awardedOn.adding(days: -random.int(in: 30...150)) : contract.startOn
        script.add("commence-service", commenced, [
            "programme": .string(slug), "provider": .string(contract.provider), "contract": .string(contract.slug),
            "service": .string("Service under programme \(slug)"),
        ])
        for allocation in contract.allocations {
            script.add("make-allocation", allocation.day, [
                "allocation": .string(allocation.slug), "payer": .string(lead.slug), "payee": .string(contract.provider),
                "programme": .string(slug), "decision": .string(slug), "amountPence": JSON(allocation.amount),
                "financialYear": .string(allocation.year.description), "controlType": .string(contract.control.rawValue),
                "paymentMechanism": .string(contract.mechanism.rawValue),
            ])
            if random.chance(0.08) {
                let reduced = allocation.amount - allocation.amount * Int64(random.int(in: 1...5)) / 100 / 100 * 100
                if reduced > 0, reduced != allocation.amount {
                    script.addIfDue("adjust-allocation", allocation.day.adding(days: random.int(in: 30...200)), [
                        "allocation": .string(allocation.slug), "amountPence": JSON(reduced), "grounds": "Activity below plan",
                    ])
                }
            } else if random.chance(0.02) {
                script.addIfDue("withdraw-allocation", allocation.day.adding(days: random.int(in: 10...100)), [
                    "allocation": .string(allocation.slug), "grounds": "Service start delayed",
                ])
            }
        }
        var lastReview: (day: Day, isAnyUnmet: Bool)?
        for year in 1...min(contract.years, 3) where !script.skipsReviews {
            let periodFrom = contract.startOn.adding(months: 12 * (year - 1))
            let periodTo = contract.startOn.adding(months: 12 * year).adding(days: -1)
            let results: [JSON] = SyntheticLedger.objectiveMetrics.prefix(2).map { metric, _, target in
                let actual = target * Double(80 + random.below(41)) / 100
                return ["metric": .string(metric), "actual": .number(actual), "target": .number(target), "isMet": .bool(actual >= target)]
            }
            let reviewedOn = periodTo.adding(days: random.int(in: 30...60))
            script.addIfDue("review-service", reviewedOn, [
                "contract": .string(contract.slug), "periodFrom": .string(periodFrom.description),
                "periodTo": .string(periodTo.description), "activity": "Activity in line with plan.",
                "spendPence": JSON(contract.annual), "quality": "No serious incidents.", "results": .array(results),
            ])
            if reviewedOn <= SyntheticLedger.horizon {
                lastReview = (reviewedOn, results.contains { $0["isMet"]?.boolValue == false })
            }
        }
        // After a review that found objectives unmet, the body sometimes decides to continue the
        // service; usually it says why, sometimes not (planted).
        if let lastReview, lastReview.isAnyUnmet, random.chance(0.2) {
            let day = lastReview.day.adding(days: random.int(in: 20...90))
            var fields: [String: JSON] = [
                "decision": .string("\(contract.slug)-continue"), "programme": .string(slug), "body": .string(lead.body),
                "title": .string("Continue the service under \(contract.slug)"), "outcome": "approved", "serviceChange": "continued",
                "membersPresent": .array(lead.members.map(JSON.string)),
                "votes": .array(lead.members.map { ["member": .string($0), "vote": "for"] }),
                "rationale": "The service remains the best available option.",
            ]
            if !random.chance(0.1) { fields["unmetObjectivesRationale"] = "A recovery plan with the provider is in place." }
            script.addIfDue("take-decision", day, fields)
        }
        var endOn = contract.endOn
        if random.chance(0.15), contract.years >= 2 {
            let effective = contract.startOn.adding(months: random.int(in: 12...(12 * contract.years - 7)))
            let notice = max(contract.awardedOn, effective.adding(months: -(random.chance(0.12) ? random.int(in: 1...5) : random.int(in: 6...9))))
            let varied = max(notice, effective.adding(days: -random.int(in: 0...10)))
            var fields: [String: JSON] = [
                "contract": .string(contract.slug), "effectiveOn": .string(effective.description),
                "description": "Activity and specification updated after review.",
            ]
            var revision: JSON?
            if random.chance(0.4) {
                endOn = contract.endOn.adding(months: 12)
                fields["endOn"] = .string(endOn.description)
                fields["valuePence"] = JSON(contract.annual * Int64(contract.years + 1))
                // Usually the body raises the amount decided to cover the extra year.
                if random.chance(0.8) {
                    script.approvedAmount += contract.annual
                    revision = SyntheticLedger.command("revise-decision", varied, script.actor, [
                        "decision": .string(slug), "grounds": "Contract extended by a year",
                        "approvedAmountPence": JSON(script.approvedAmount),
                    ])
                }
            }
            if varied <= SyntheticLedger.horizon {
                script.add("give-notice", notice, [
                    "contract": .string(contract.slug), "intent": "variation", "effectiveOn": .string(effective.description),
                ])
                if let revision { script.commands.append(revision) }
                script.add("vary-contract", varied, fields)
            }
        }
        if random.chance(0.1), contract.years >= 2 {
            let effective = max(contract.startOn.adding(days: 1), endOn.adding(days: -random.int(in: 0...180)))
            let notice = max(contract.awardedOn, effective.adding(months: -(random.chance(0.1) ? random.int(in: 1...5) : random.int(in: 6...9))))
            let decided = max(notice, effective.adding(days: -30))
            let isTermination = random.chance(0.5)
            if decided <= SyntheticLedger.horizon {
                script.add("give-notice", notice, [
                    "contract": .string(contract.slug), "intent": .string(isTermination ? "termination" : "decommissioning"),
                    "effectiveOn": .string(effective.description),
                ])
                var ending: [String: JSON] = [
                    "contract": .string(contract.slug), "effectiveOn": .string(effective.description),
                    "grounds": .string(isTermination ? "Provider performance below standard." : "Service replaced by a redesigned pathway."),
                ]
                // A decommissioning usually has a decision of the body behind it; sometimes not (planted).
                if !isTermination, !random.chance(0.15) {
                    let decision = "\(contract.slug)-decommission"
                    script.add("take-decision", notice, [
                        "decision": .string(decision), "programme": .string(slug), "body": .string(lead.body),
                        "title": .string("Decommission the service under \(contract.slug)"), "outcome": "approved",
                        "serviceChange": "decommissioned", "membersPresent": .array(lead.members.map(JSON.string)),
                        "votes": .array(lead.members.map { ["member": .string($0), "vote": "for"] }),
                        "rationale": "Service replaced by a redesigned pathway.",
                    ])
                    ending["decision"] = .string(decision)
                }
                script.add(isTermination ? "terminate-contract" : "decommission-service", decided, ending)
            }
        }
    }
}
