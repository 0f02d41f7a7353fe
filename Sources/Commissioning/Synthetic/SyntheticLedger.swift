public import DocketJSON

/// A synthetic ledger for benchmarks: an endless, deterministic stream of valid commands.
///
/// Replayed in order through `Command.decode` and `handle`, every command is accepted. The world has
/// realistic proportions (scaled down for small ledgers): about 150 PCTs, specialised commissioning
/// groups, local-authority joint commissioning, PBC consortia and personal health budget holders;
/// hundreds of trusts, GP practices and third-sector providers; decision bodies with members, some with
/// declared interests; then commissioning programmes, each with a consultation and responses, a decision,
/// contracts, allocations across financial years 2008/09–2024/25 (hundreds of thousands to millions of
/// pounds, in pence), service starts, reviews, notices, variations and endings, a few corrections and
/// retractions. April 2013 brings CCGs (succeeding PCTs) and July 2022 ICSs (succeeding CCGs).
/// Irregularities are planted at low rates so every finding rule fires.
///
/// Every command appends exactly one event, so `eventsGenerated` is also the number of commands.
public struct SyntheticLedger: Sendable {
    /// Business time runs from here to `horizon`.
    static let epoch = Day(year: 2008, month: 4, day: 1)!
    static let horizon = Day(year: 2025, month: 3, day: 31)!
    static let ccgTransition = Day(year: 2013, month: 4, day: 1)!
    static let icsTransition = Day(year: 2022, month: 7, day: 1)!
    static let lastFinancialYear = FinancialYear(startYear: 2024)
    /// Programmes running at once, interleaved in the log.
    static let concurrentProgrammes = 48
    /// A measured average of events per programme, used to spread programmes over the years.
    static let eventsPerProgramme = 29

    var random: SplitMix64
    let plannedEvents: Int
    let scale: Double
    var world = World()
    private var pending: [JSON] = []
    private var pendingIndex = 0
    private var runs: [[JSON]] = []
    private var runCursors: [Int] = []
    var programmesStarted = 0
    private var isSetUp = false
    var era = Era.pct
    var nextCommandID = 0

    /// How many events the commands returned so far will append.
    public private(set) var eventsGenerated = 0

    /// - Parameters:
    ///   - seed: the same seed always gives the same ledger.
    ///   - plannedEvents: roughly how many events will be taken; spreads programmes over 2008–2025 and
    ///     scales the number of organisations for small ledgers. Taking more is fine.
    public init(seed: UInt64, plannedEvents: Int = 1_000_000) {
        random = SplitMix64(seed: seed)
        self.plannedEvents = max(plannedEvents, 1)
        scale = min(1, Double(max(plannedEvents, 1)) / 300_000)
    }

    /// How many events a generated command appends (always 1 in this schema).
    public static func eventCount(of command: JSON) -> Int {
        command["command"]?.stringValue.flatMap(Catalogue.command(named:))?.eventCount ?? 1
    }

    /// The next command.
    public mutating func next() -> JSON {
        while pendingIndex >= pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            refill()
        }
        let command = pending[pendingIndex]
        pendingIndex += 1
        eventsGenerated += 1
        return command
    }

    /// The next `count` commands.
    public mutating func next(_ count: Int) -> [JSON] {
        var result: [JSON] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(next()) }
        return result
    }

    private mutating func refill() {
        if !isSetUp {
            isSetUp = true
            pending = setUp()
            return
        }
        if runs.isEmpty {
            for _ in 0..<SyntheticLedger.concurrentProgrammes { startRun() }
        }
        // Take the next command of a random programme in flight; replace programmes that finish.
        let slot = random.below(runs.count)
        pending.append(runs[slot][runCursors[slot]])
        runCursors[slot] += 1
        if runCursors[slot] == runs[slot].count {
            runs.remove(at: slot)
            runCursors.remove(at: slot)
            startRun()
        }
    }

    private mutating func startRun() {
        let expectedProgrammes = max(1, plannedEvents / SyntheticLedger.eventsPerProgramme)
        let span = SyntheticLedger.epoch.days(until: SyntheticLedger.horizon) - 430
        let offset = min(span, span * programmesStarted / expectedProgrammes)
        let start = SyntheticLedger.epoch.adding(days: offset + random.below(20))
        // A new era's organisations go straight out, before any programme can refer to them.
        if era == .pct, start >= SyntheticLedger.ccgTransition { pending += enterCCGEra() }
        if era == .ccg, start >= SyntheticLedger.icsTransition { pending += enterICSEra() }
        programmesStarted += 1
        runs.append(programme(number: programmesStarted, start: max(start, era.firstDay)))
        runCursors.append(0)
    }

    /// A fresh command id, for the few commands a later correction or retraction must name.
    mutating func commandID() -> String {
        nextCommandID += 1
        return "syn-cmd-\(nextCommandID)"
    }
}

extension SyntheticLedger {
    enum Era: Sendable {
        case pct, ccg, ics

        var firstDay: Day {
            switch self {
            case .pct: SyntheticLedger.epoch
            case .ccg: SyntheticLedger.ccgTransition
            case .ics: SyntheticLedger.icsTransition
            }
        }
    }

    /// A commissioner that runs programmes: its body, members, and the providers it usually works with.
    struct Commissioner: Sendable {
        let slug: String
        let name: String
        let kind: OrganisationKind
        let body: String
        let members: [String]
        var localProviders: [String]
        let geography: String
    }

    struct World: Sendable {
        var commissioners: [Commissioner] = []
        /// Indexes into `commissioners` of those that lead programmes now.
        var active: [Int] = []
        var providers: [OrganisationKind: [String]] = [:]
        var budgetHolders: [String] = []
        /// Member → organisations they declared an interest in.
        var interests: [String: [String]] = [:]
        var specialisedLead: Int?
        var pcts: [Int] = []
        var ccgs: [Int] = []
    }

    /// A command object with the envelope filled in.
    static func command(_ name: String, _ day: Day, _ actor: String, _ fields: [String: JSON]) -> JSON {
        var object = fields
        object["command"] = .string(name)
        object["occurredAt"] = .string(day.description)
        object["actor"] = .string(actor)
        return .object(object)
    }

    func count(_ base: Int, minimum: Int) -> Int { max(minimum, Int((Double(base) * scale).rounded())) }

    static func number(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
