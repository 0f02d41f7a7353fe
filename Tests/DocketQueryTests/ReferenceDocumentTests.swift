import DocketQuery
import Foundation
import Testing

/// docs/query-language.md lists every source, field, function and error code as the catalogue has them.
/// Rewrite the section with `DOCKET_RECORD_GOLDENS=1 swift test --filter ReferenceDocumentTests`.
@Suite("docs/query-language.md agrees with the catalogue")
struct ReferenceDocumentTests {
    static let begin = "<!-- reference: generated from QueryCatalogue; do not edit by hand -->\n"
    static let end = "<!-- end of reference -->\n"

    @Test func theReferenceSectionIsTheCatalogue() throws {
        let url = GoldenFile.packageRoot.appendingPathComponent("docs/query-language.md")
        var document = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(document.range(of: Self.begin), "the document has the reference marker")
        let stop = try #require(document.range(of: Self.end, range: start.upperBound..<document.endIndex))
        let generated = QueryCatalogue.standard.referenceMarkdown()
        if ProcessInfo.processInfo.environment["DOCKET_RECORD_GOLDENS"] == "1" {
            document.replaceSubrange(start.upperBound..<stop.lowerBound, with: "\n" + generated + "\n")
            try document.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(document[start.upperBound..<stop.lowerBound]) == "\n" + generated + "\n",
                "docs/query-language.md drifted from the catalogue; run DOCKET_RECORD_GOLDENS=1 swift test --filter ReferenceDocumentTests")
    }

    @Test func everyExampleInTheDocumentCompiles() throws {
        let url = GoldenFile.packageRoot.appendingPathComponent("docs/query-language.md")
        let document = try String(contentsOf: url, encoding: .utf8)
        let blocks = document.components(separatedBy: "```dq\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count >= 5)
        for block in blocks {
            if case .failure(let error) = QueryCompiler.compile(block, parameters: ["since": "2011-04-01", "n": "10"]) {
                Issue.record("an example does not compile:\n\(error.rendered(source: block))")
            }
        }
    }
}

@Suite("Catalogue: completion and personal data")
struct CatalogueTests {
    @Test func completionOffersSourcesFieldsAndKeywords() {
        let catalogue = QueryCatalogue.standard
        #expect(catalogue.completions(startingWith: "dec").contains("decisions"))
        #expect(catalogue.completions(startingWith: "tak").contains("taken_on"))
        #expect(catalogue.completions(startingWith: "tak").contains("take"))
        #expect(catalogue.completions(startingWith: "zzz").isEmpty)
    }

    @Test func noSourceReadsPersonalData() {
        for source in QueryCatalogue.standard.sources {
            #expect(!source.table.contains("respondents") && !source.table.contains("event_restricted"), "\(source.name)")
            #expect(!source.fields.contains { $0.column.contains("respondent_name") })
        }
    }
}
