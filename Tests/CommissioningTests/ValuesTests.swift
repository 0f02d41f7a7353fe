import Commissioning
import Foundation
import Testing

@Suite("Values")
struct ValuesTests {
    @Test func daysRoundTrip() {
        for text in ["1970-01-01", "2000-02-29", "2011-05-12", "2199-12-31", "1900-03-01"] {
            #expect(Day.parse(text)?.description == text)
        }
        #expect(Day.parse("2011-02-29") == nil)
        #expect(Day.parse("2100-02-29") == nil)
        #expect(Day(year: 1970, month: 1, day: 1)?.number == 0)
        #expect(Day(year: 1969, month: 12, day: 31)?.number == -1)
    }

    @Test func addingMonthsClampsToTheMonthsEnd() {
        #expect(Day.parse("2011-08-31")!.adding(months: 6).description == "2012-02-29")
        #expect(Day.parse("2012-07-01")!.adding(months: -6).description == "2012-01-01")
        #expect(Day.parse("2011-01-31")!.adding(months: -2).description == "2010-11-30")
    }

    @Test func financialYears() {
        #expect(FinancialYear.parse("2011/12")?.startYear == 2011)
        #expect(FinancialYear.parse("1999/00")?.startYear == 1999)
        #expect(FinancialYear(containing: Day.parse("2012-03-31")!).description == "2011/12")
        #expect(FinancialYear(containing: Day.parse("2012-04-01")!).description == "2012/13")
        #expect(FinancialYear(startYear: 2008).description == "2008/09")
    }

    @Test func businessTimes() {
        #expect(BusinessTime.parse("2011-05-12T14:30:00.5Z")?.date == Date(timeIntervalSince1970: Double(Day.parse("2011-05-12")!.number) * 86_400 + 52_200.5))
        #expect(BusinessTime.parse("2011-05-12T00:30:00+01:00")?.day.description == "2011-05-11")
        #expect(BusinessTime.parse("2011-05-12T14:30:00+0100") == nil)
    }

    @Test func slugs() {
        #expect(Slug.isValid("somerset-pct"))
        #expect(Slug.isValid("a"))
        #expect(!Slug.isValid("Somerset"))
        #expect(!Slug.isValid("a b"))
        #expect(!Slug.isValid("é"))
    }

    @Test func pence() {
        #expect(Pence.format(0) == "£0.00")
        #expect(Pence.format(5) == "£0.05")
        #expect(Pence.format(123_456_789) == "£1,234,567.89")
        #expect(Pence.format(-500) == "-£5.00")
    }

    @Test func eventIDsAreDeterministicVersion8() {
        let a = EventID.derive(commandID: "demo-0001", eventIndex: 0)
        #expect(a == EventID.derive(commandID: "demo-0001", eventIndex: 0))
        #expect(a != EventID.derive(commandID: "demo-0001", eventIndex: 1))
        #expect(a != EventID.derive(commandID: "demo-0002", eventIndex: 0))
        #expect(a.uuid.6 >> 4 == 8)
        #expect(a.uuid.8 >> 6 == 0b10)
        let namespace = UUID(uuidString: "6f1c4c1e-0000-4000-8000-000000000000")!
        #expect(EventID.derive(namespace: namespace, commandIndex: 1, eventIndex: 0) != EventID.derive(namespace: namespace, commandIndex: 2, eventIndex: 0))
        // Pinned so other implementations can check theirs.
        #expect(a.uuidString.lowercased() == Self.pinnedDemoID)
    }

    static let pinnedDemoID = "8f820027-0261-840d-9b15-939bfefedd7a"
}
