import DocketQuery
import QueryExecution
import DocketTestSupport
import Testing

/// The null rule: every condition is true or false, so for any condition C the rows where C holds and the
/// rows where `not C` holds add up to all the rows, missing values, left joins and lists included.
@Suite("The null rule: where C and where not C partition the rows")
struct NullRuleTests {
    static let atoms = [
        "taken_on < 2011-06-01", "programme.title ~ \"diabetes\"", "approved_amount > £1m", "status == \"taken\"",
        "status != \"taken\"", "rescinded_on is null", "\"somerset-gp-member-b\" in recusals", "body.name ~ \"Board\"",
        "programme.commissioner.population > 300000", "length(objectives) > 0", "financial_year == \"2011/12\"",
        "is_retracted", "programme.id < \"m\"", "proposed_amount == approved_amount", "body.organisation.name ~ \"PCT\"",
        "taken_on - proposed_on > 20", "proposal == \"\"", "rescission_grounds != \"none\"", "approved_amount in (£600k, £2.4m)",
    ]

    static func condition(_ generator: inout SeededGenerator, depth: Int = 0) -> String {
        let roll = Int.random(in: 0..<(depth > 2 ? 1 : 4), using: &generator)
        switch roll {
        case 1: return "(\(condition(&generator, depth: depth + 1)) and \(condition(&generator, depth: depth + 1)))"
        case 2: return "(\(condition(&generator, depth: depth + 1)) or \(condition(&generator, depth: depth + 1)))"
        case 3: return "not \(condition(&generator, depth: depth + 1))"
        default: return atoms.randomElement(using: &generator)!
        }
    }

    @Test func aConditionAndItsNegationCoverEveryRowExactlyOnce() throws {
        let connection = try DemoLedger.connection()
        let all = try DemoLedger.answer("from decisions | aggregate n = count()", on: connection).rows[0][0]!
        var generator = SeededGenerator(state: 404)
        for _ in 0..<150 {
            let c = Self.condition(&generator)
            let yes = try DemoLedger.answer("from decisions | where \(c) | aggregate n = count()", on: connection).rows[0][0]!
            let no = try DemoLedger.answer("from decisions | where not (\(c)) | aggregate n = count()", on: connection).rows[0][0]!
            #expect(Int(yes)! + Int(no)! == Int(all)!, "\(c): \(yes) + \(no) ≠ \(all)")
            let derived = try DemoLedger.answer("from decisions | derive c = \(c) | group by c aggregate n = count()", on: connection)
            #expect(derived.rows.allSatisfy { $0[0] != nil }, "\(c) as a value is never missing")
        }
    }
}
