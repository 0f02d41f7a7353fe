internal import DocketJSON

/// Folds one aggregate's events into readable lines: what an auditor needs to see of it, named
/// through the directory. Keys read as labels ("Approved amount", "Member present › …").
struct StateFold {
    let directory: Directory
    var fields: ReplayLines

    static let separator = " › "

    mutating func apply(_ event: LoggedEvent) {
        guard let type = EventType(rawValue: event.type) else {
            fields.set(fields.fresh("Unreadable event"), "\(event.type) (unknown to this build of docket)")
            return
        }
        let data = event.data
        let day = Readable.day(Day(event.occurredAt))
        func text(_ name: String) -> String? { data[name]?.stringValue }
        func dayField(_ name: String) -> String? { text(name).map(Readable.day(text:)) }
        func term(_ name: String) -> String? { text(name).map(Readable.term) }
        func money(_ name: String) -> String? { data[name]?.int64Value.map(Readable.money) }
        func organisation(_ name: String) -> String? { text(name).map(directory.organisation) }
        func slugs(_ name: String) -> [String] { data[name]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        func key(_ parts: String...) -> String { parts.joined(separator: Self.separator) }

        switch type {
        // MARK: organisations
        case .organisationRegistered:
            fields.set("Name", text("name"))
            let foundation = data["isFoundationTrust"]?.boolValue == true ? " (foundation trust)" : ""
            fields.set("Kind", term("kind").map { $0 + foundation })
            fields.set("Commissioner or provider", text("sector"))
            if let population = data["population"]?.int64Value {
                fields.set("Population", Readable.grouped(population) + (text("populationSource").map { " (\($0))" } ?? ""))
            }
            fields.set("Geography", text("geography"))
            fields.set("Established", day)
        case .organisationSucceeded:
            fields.set("Succeeded on", day)
            fields.set("Successors", slugs("successors").map(directory.organisation).joined(separator: "; "))
            fields.set("Functions passed on", text("functions"))
            for item in data["functionsBySuccessor"]?.arrayValue ?? [] {
                guard let successor = item["successor"]?.stringValue else { continue }
                fields.set(key("Functions passed to", directory.organisation(successor)), item["functions"]?.stringValue)
            }

        // MARK: bodies and members
        case .decisionBodyEstablished:
            fields.set("Name", text("name"))
            fields.set("Kind", term("kind"))
            fields.set("Body of", organisation("organisation"))
            fields.set("Constituted", day)
        case .memberAppointed:
            guard let member = text("member") else { return }
            let label = key("Member", directory.member(member))
            let period = "\(text("role") ?? "member"), from \(day)"
            fields.set(label, fields[label].map { $0 + "; " + period } ?? period)
        case .membershipEnded:
            guard let member = text("member") else { return }
            let label = key("Member", directory.member(member))
            var periods = fields[label]?.components(separatedBy: "; ") ?? []
            if let last = periods.last, last.contains(", from ") {
                periods[periods.count - 1] = last.replacingOccurrences(of: ", from ", with: ", ") + " to " + day
            } else {
                periods.append("left on \(day)")
            }
            fields.set(label, periods.joined(separator: "; "))
        case .memberRegistered:
            fields.set("Role", text("role"))
            if event.restricted?["name"] != nil { fields.set("Name", "recorded, personal data (not shown)") }
            fields.set("Registered", day)
        case .interestDeclared:
            guard let id = text("interest") else { return }
            var value = "\(term("kind") ?? "") interest in \(organisation("organisation") ?? "?")"
            if let description = text("description") { value += ": " + description }
            let from = text("from").flatMap(Day.parse)
            let to = text("to").flatMap(Day.parse)
            if let from { value += " (" + Readable.period(from: from, to: to) + ")" }
            value += "; declared \(day)"
            fields.set(key("Interest", id), value)
        case .interestEnded:
            guard let id = text("interest"), let current = fields[key("Interest", id)] else { return }
            fields.set(key("Interest", id), current + "; ended \(dayField("endedOn") ?? day)")

        // MARK: programmes
        case .programmeLaunched:
            fields.set("Title", text("title"))
            fields.set("Commissioner", organisation("commissioner"))
            fields.set("Service area", text("serviceArea"))
            fields.set("Geography", text("geography"))
            fields.set("Trigger", term("trigger").map { trigger in trigger + (text("triggerNote").map { ": " + $0 } ?? "") })
            fields.set("Description", text("description"))
            fields.set("Launched", day)
        case .programmeStageEntered:
            guard let stage = term("stage") else { return }
            fields.set(fields.fresh(key("Stage", stage)), "entered \(day)" + (text("note").map { ": " + $0 } ?? ""))
        case .serviceCommenced:
            guard let provider = organisation("provider") else { return }
            var value = "\(text("service") ?? "service") operating from \(day)"
            if let contract = text("contract") { value += ", under contract " + directory.title(.contract, contract) }
            if let cover = text("coveredBy") {
                value += ", covered by existing contractual arrangements (" + directory.title(.contract, cover) + ")"
            }
            fields.set(fields.fresh(key("Service", provider)), value)

        // MARK: consultations
        case .consultationOpened:
            fields.set("Title", text("title"))
            fields.set("Programme", text("programme").map { directory.title(.programme, $0) })
            fields.set("Statutory consultation", data["isStatutory"]?.boolValue.map(Readable.yesNo))
            fields.set("Audience", text("audience"))
            fields.set("Conducted by", organisation("conductedBy"))
            fields.set("Opened", day)
            fields.set("Planned close", dayField("plannedCloseOn"))
            fields.set("Status", "open")
        case .consultationResponseReceived:
            let label = fields.fresh(key("Response", "\(day), \(term("respondentCategory") ?? "respondent")"))
            fields.set(label, "\(term("stance") ?? ""): \(text("summary") ?? "")")
        case .consultationClosed:
            let outcome = term("outcome") ?? "closed"
            fields.set("Status", "closed on \(day) (\(outcome)) by \(text("closedBy") ?? "?")")
            fields.set("Grounds for closing", text("grounds") ?? (text("outcome") == "halted-early" ? "none stated" : nil))

        // MARK: decisions
        case .decisionProposed:
            fields.set("Title", text("title"))
            fields.set("Programme", text("programme").map { directory.title(.programme, $0) })
            fields.set("Body", text("body").map(directory.body))
            if fields["Status"] == nil { fields.set("Status", "proposed") }
            fields.set("Proposed", day)
            fields.set("Proposal", text("proposal"))
            fields.set("Amount asked", money("proposedAmountPence"))
        case .decisionTaken:
            let body = text("body")
            let on = Day(event.occurredAt)
            fields.set("Title", text("title"))
            fields.set("Programme", text("programme").map { directory.title(.programme, $0) })
            fields.set("Body", body.map(directory.body))
            fields.set("Status", "taken")
            fields.set("Taken", day)
            fields.set("Outcome", term("outcome"))
            fields.set("Service change", term("serviceChange"))
            let recusals = Set(slugs("recusals"))
            var votes: [String: String] = [:]
            for vote in data["votes"]?.arrayValue ?? [] {
                if let member = vote["member"]?.stringValue, let cast = vote["vote"]?.stringValue { votes[member] = cast }
            }
            let noVotes = votes.isEmpty
            for member in slugs("membersPresent") {
                let value = recusals.contains(member) ? "present, recused"
                    : votes[member].map { $0 == "abstain" ? "present, abstained" : "present, voted \($0)" } ?? (noVotes ? "present (no vote recorded: decided by consensus)" : "present, did not vote")
                fields.set(key("Member present", directory.member(member, on: body, at: on)), value)
            }
            for option in data["optionsConsidered"]?.arrayValue ?? [] {
                guard let name = option["option"]?.stringValue else { continue }
                fields.set(fields.fresh(key("Option considered", name)), option["isChosen"]?.boolValue == true ? "chosen" : "not chosen")
            }
            fields.set("Rationale", text("rationale"))
            fields.set("Evidence", slugs("evidence").joined(separator: "; "))
            for consultation in slugs("consultations") {
                fields.set(key("Consultation relied on", directory.title(.consultation, consultation)), "relied on")
            }
            setObjectives(data["objectives"])
            fields.set("Affected organisations", slugs("affectedOrganisations").map(directory.organisation).joined(separator: "; "))
            fields.set("Approved amount", money("approvedAmountPence"))
            fields.set("Financial year", text("financialYear"))
        case .decisionRevised:
            fields.set(fields.fresh(key("Revision", day)), text("grounds"))
            fields.set("Rationale", text("rationale"))
            if data["objectives"] != nil, data["objectives"]?.isNull == false {
                fields.removeAll(prefix: "Objective" + Self.separator)
                setObjectives(data["objectives"])
            }
            fields.set("Approved amount", money("approvedAmountPence"))
        case .decisionRescinded:
            fields.set("Status", "rescinded on \(day)")
            fields.set("Grounds for rescinding", text("grounds"))

        // MARK: allocations
        case .allocationMade:
            fields.set("Payer", organisation("payer"))
            fields.set("Payee", organisation("payee"))
            fields.set("Programme", text("programme").map { directory.title(.programme, $0) })
            fields.set("Under decision", text("decision").map { directory.title(.decision, $0) })
            fields.set("Amount", money("amountPence"))
            fields.set("Financial year", text("financialYear"))
            fields.set("Control", term("controlType"))
            fields.set("Payment mechanism", term("paymentMechanism"))
            fields.set("Purpose", text("purpose"))
            fields.set("Made", day)
            fields.set("Status", "active")
        case .allocationAdjusted:
            fields.set("Amount", money("amountPence"))
            fields.set(fields.fresh(key("Adjustment", day)), (money("amountPence") ?? "") + (text("grounds").map { ": " + $0 } ?? ""))
        case .allocationWithdrawn:
            fields.set("Status", "withdrawn on \(day)" + (text("grounds").map { ": " + $0 } ?? ""))

        // MARK: contracts
        case .contractAwarded:
            fields.set("Service", text("service"))
            fields.set("Programme", text("programme").map { directory.title(.programme, $0) })
            fields.set("Commissioner", organisation("commissioner"))
            fields.set("Provider", organisation("provider"))
            fields.set("Under decision", text("decision").map { directory.title(.decision, $0) } ?? "none recorded")
            fields.set("Route", term("route"))
            if let start = dayField("startOn"), let end = dayField("endOn") { fields.set("Term", "\(start) to \(end)") }
            fields.set("Value", money("valuePence"))
            fields.set("Payment mechanism", term("paymentMechanism"))
            fields.set("Agreed", day)
            fields.set("Status", "active")
        case .contractNoticeGiven:
            let value = "\(term("intent") ?? "notice") effective \(dayField("effectiveOn") ?? "?")" + (text("terms").map { ": " + $0 } ?? "")
            fields.set(fields.fresh(key("Notice given", day)), value)
        case .contractVaried:
            var value = "effective \(dayField("effectiveOn") ?? "?"): \(text("description") ?? "")"
            if let value2 = money("valuePence") { value += "; value \(value2)" }
            if let end = dayField("endOn") { value += "; now ends \(end)" }
            fields.set(fields.fresh(key("Variation", day)), value)
            fields.set("Value", money("valuePence"))
            if let end = dayField("endOn"), let term = fields["Term"], let start = term.components(separatedBy: " to ").first {
                fields.set("Term", "\(start) to \(end)")
            }
        case .contractTerminated, .serviceDecommissioned:
            let what = type == .contractTerminated ? "terminated" : "service decommissioned"
            fields.set("Status", "\(what) effective \(dayField("effectiveOn") ?? "?") (decided \(day))")
            fields.set("Grounds for ending", text("grounds"))
        case .serviceReviewed:
            let period = "\(dayField("periodFrom") ?? "?") to \(dayField("periodTo") ?? "?")"
            let label = fields.fresh(key("Review of \(period)"))
            var value = "reviewed \(day); activity: \(text("activity") ?? "")"
            if let spend = money("spendPence") { value += "; spend \(spend)" }
            value += "; quality: \(text("quality") ?? "")"
            if let conclusion = text("conclusion") { value += "; concluded: \(conclusion)" }
            fields.set(label, value)
            for result in data["results"]?.arrayValue ?? [] {
                guard let metric = result["metric"]?.stringValue else { continue }
                var line = "actual \(result["actual"].map(Readable.number) ?? "?")"
                if let target = result["target"] { line += " against target \(Readable.number(target))" }
                line += result["isMet"]?.boolValue == true ? ": met" : ": not met"
                fields.set(key(label, metric), line)
            }

        case .eventCorrected, .eventRetracted:
            break
        }
    }

    private mutating func setObjectives(_ objectives: JSON?) {
        for objective in objectives?.arrayValue ?? [] {
            guard let metric = objective["metric"]?.stringValue else { continue }
            var value = "target \(objective["target"].map(Readable.number) ?? "?")"
            if let unit = objective["unit"]?.stringValue { value += unit == "%" ? "%" : " " + unit }
            if let review = objective["reviewBy"]?.stringValue { value += ", review by " + Readable.day(text: review) }
            fields.set(fields.fresh("Objective" + Self.separator + metric), value)
        }
    }
}
