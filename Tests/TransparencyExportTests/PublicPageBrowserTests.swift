import DocketJSON
import DocketTestSupport
import Foundation
import Testing
@testable import TransparencyExport

/// index.html rendered by a real browser: headless Chromium (Debian's `chromium`; .ci/run installs it).
/// The screenshot is kept in .artifacts/browser/ (git-ignored) for a person to look at.
@Suite("index.html in headless Chromium")
struct PublicPageBrowserTests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func thePageShowsWhatEachBodyDecidedAndSpentWithChartsAndFindings() throws {
        let browser = try #require(Self.chromium, "chromium is not installed: apt-get install chromium (.ci/run installs it in CI)")
        let folder = try DemoLedger.shared.get().export()
        let written = try ExportFixtures.write(folder)
        defer { try? FileManager.default.removeItem(at: written) }
        let page = written.appendingPathComponent("index.html").absoluteString
        // No network: every host resolves to nothing, so anything the page tried to load from elsewhere would fail.
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                     "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=\(written.path)/.chromium"]
        let dom = try ExportFixtures.run("timeout", ["120", browser] + flags + ["--dump-dom", page])
        #expect(dom.status == 0, "\(dom.output.suffix(2000))")
        let html = dom.output

        #expect(html.contains("<h1>Commissioning decisions and spending</h1>"))
        for chart in ["chart-commissioner", "chart-mechanism", "chart-year", "chart-findings"] {
            #expect(html.contains("id=\"\(chart)\""), "the page shows the chart \(chart)")
        }
        // One bar per commissioner that allocated money, per the CSV the page is built beside.
        let allocations = CSVTables.parse(folder.text("csv/allocations.csv")).dropFirst().filter { $0[12] == "made" }
        let commissioners = Set(allocations.map { $0[1] })
        let commissionerChart = try #require(html.range(of: "id=\"chart-commissioner\"").map { html[$0.lowerBound...] })
        let firstFigure = commissionerChart[..<(commissionerChart.range(of: "</figure>")?.lowerBound ?? commissionerChart.endIndex)]
        #expect(firstFigure.components(separatedBy: "<rect").count - 1 == commissioners.count)
        // Every finding is listed with links to its evidence, and every link's target is on the page.
        let manifest = try JSON.parse(folder.files["manifest.json"]!)
        let findings = Int(manifest["counts"]?["findings"]?.int64Value ?? -1)
        #expect(html.components(separatedBy: "<li class=\"finding\"").count - 1 == min(findings, PublicPage.findingsShown))
        for anchor in html.matches(of: /href="#(event-\d+)"/).map({ String($0.1) }) {
            #expect(html.contains("id=\"\(anchor)\""), "the evidence link #\(anchor) has a target")
        }
        // Nothing is loaded from another site.
        #expect(!html.contains("src=\"http"))
        #expect(!html.contains("href=\"http"))
        #expect(!html.contains("@import"))

        let shots = TestDatabase.packageRoot.appendingPathComponent(".artifacts/browser")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let shot = shots.appendingPathComponent("index.png")
        try? FileManager.default.removeItem(at: shot)
        let screenshot = try ExportFixtures.run("timeout", ["120", browser] + flags + ["--window-size=1200,2600", "--screenshot=\(shot.path)", page])
        #expect(screenshot.status == 0, "\(screenshot.output.suffix(2000))")
        let png = try #require(FileManager.default.contents(atPath: shot.path), "the screenshot was written to \(shot.path)")
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(png.count > 20_000, "the screenshot shows a rendered page, not a blank one")
    }
}
