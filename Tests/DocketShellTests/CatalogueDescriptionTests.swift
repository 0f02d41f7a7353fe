import DocketQuery
import DocketShell
import Testing

@Suite("\\d: the catalogue as a person reads it")
struct CatalogueDescriptionTests {
    @Test func everySource() throws {
        let text = CatalogueDescription.sources(.standard, width: 120)
        if let golden = try GoldenFile.check(text, named: "describe-sources.txt") { #expect(text == golden) }
        for source in QueryCatalogue.standard.sources { #expect(text.contains(" \(source.name) ")) }
    }

    @Test func oneSource() throws {
        let decisions = try #require(QueryCatalogue.standard.source(named: "decisions"))
        let text = CatalogueDescription.fields(of: decisions, width: 120)
        if let golden = try GoldenFile.check(text, named: "describe-decisions.txt") { #expect(text == golden) }
        for field in decisions.fields { #expect(text.contains(" \(field.name) ")) }
    }
}
