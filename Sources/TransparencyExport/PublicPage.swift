import Commissioning
import Ledger

/// `index.html`: the page for the public. Self-contained: styles and charts (inline SVG) are in the file,
/// nothing is loaded from another site.
struct PublicPage {
    let record: PublicRecord
    let findings: [Finding]
    /// The events the findings shown cite, by position.
    let evidenceEvents: [Int64: PublicEvent]
    let ocidPrefix: String
    let publisher: String
    let size: Int
    let root: Digest
    let publishedDate: String
    /// More findings than this are listed in csv/findings.csv only.
    static let findingsShown = 200

    var html: String {
        let allocations = record.allocations.values.filter { $0.status == "made" }
        var out = """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Commissioning decisions and spending — \(escape(publisher))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <header class="masthead"><div class="wrap"><p class="publisher">\(escape(publisher))</p>
            <h1>Commissioning decisions and spending</h1>
            <p class="lede">What each public body decided, contracted and spent, as recorded in a signed, append-only ledger. Every figure on this page cites the ledger events it comes from, and anyone can check them offline.</p></div></header>
            <main class="wrap">
            <section class="facts" aria-label="Summary">
            \(fact("Ledger events", "\(size)"))
            \(fact("Decisions", "\(record.decisions.count)"))
            \(fact("Contracts", "\(record.contracts.count)"))
            \(fact("Allocated", money(allocations.reduce(0) { $0 + $1.amountPence })))
            \(fact("Governance findings", "\(findings.count)"))
            </section>
            <p class="meta">Published from the ledger as it stood at position \(size) (recorded \(escape(publishedDate))). Tree root <code>\(root.hex)</code>.</p>

            """
        out += "<h2 id=\"bodies\">What each body decided and spent</h2>\n"
        out += bodiesTable()
        out += "<h2 id=\"charts\">Spending at a glance</h2>\n<div class=\"charts\">\n"
        out += chart(id: "chart-commissioner", title: "Spend by commissioner", sum(allocations) { record.organisationName($0.payer) }, money: true)
        out += chart(id: "chart-mechanism", title: "Spend by payment mechanism", sum(allocations) { CSVTables.label($0.paymentMechanism) }, money: true)
        out += chart(id: "chart-year", title: "Spend by financial year", sum(allocations) { $0.financialYear }, money: true, sortByLabel: true)
        var byRule = [String: Int64]()
        for finding in findings { byRule[finding.rule.title, default: 0] += 1 }
        out += chart(id: "chart-findings", title: "Findings by rule", byRule.map { ($0.key, $0.value) }, money: false)
        out += "</div>\n"
        out += findingsSection()
        out += downloads()
        out += verification()
        out += """
            </main>
            <footer class="wrap"><p>Open data published under the Open Government Licence v3.0. Personal data (for example the names of consultation respondents) are never published: see the redaction policy in docs/export.md. Contracting data follow the Open Contracting Data Standard \(TransparencyExport.ocdsVersion); OCID prefix <code>\(escape(ocidPrefix))</code>\(ocidPrefix == ExportOptions.unregisteredOCIDPrefix ? " (not a registered prefix)" : "").</p></footer>
            </body>
            </html>

            """
        return out
    }

    private func fact(_ label: String, _ value: String) -> String {
        "<div class=\"fact\"><span class=\"value\">\(escape(value))</span><span class=\"label\">\(escape(label))</span></div>"
    }

    private func bodiesTable() -> String {
        struct Totals { var decisions = 0; var approved: Int64 = 0; var contracts = 0; var contracted: Int64 = 0; var allocated: Int64 = 0 }
        var totals = [String: Totals]()
        for decision in record.decisions.values where decision.status != "proposed" {
            let organisation = record.bodies[decision.body]?.organisation ?? record.programmes[decision.programme]?.commissioner ?? ""
            totals[organisation, default: Totals()].decisions += 1
            if decision.outcome == "approved" { totals[organisation, default: Totals()].approved += decision.approvedPence ?? 0 }
        }
        for contract in record.contracts.values {
            totals[contract.commissioner, default: Totals()].contracts += 1
            totals[contract.commissioner, default: Totals()].contracted += contract.valuePence
        }
        for allocation in record.allocations.values where allocation.status == "made" {
            totals[allocation.payer, default: Totals()].allocated += allocation.amountPence
        }
        var out = "<table class=\"data\"><thead><tr><th scope=\"col\">Public body</th><th scope=\"col\" class=\"num\">Decisions taken</th><th scope=\"col\" class=\"num\">Approved</th><th scope=\"col\" class=\"num\">Contracts</th><th scope=\"col\" class=\"num\">Contract value</th><th scope=\"col\" class=\"num\">Allocated</th></tr></thead><tbody>\n"
        for id in totals.keys.sorted(by: { record.organisationName($0) < record.organisationName($1) }) {
            let row = totals[id]!
            out += "<tr><th scope=\"row\">\(escape(record.organisationName(id)))</th><td class=\"num\">\(row.decisions)</td><td class=\"num\">\(money(row.approved))</td><td class=\"num\">\(row.contracts)</td><td class=\"num\">\(money(row.contracted))</td><td class=\"num\">\(money(row.allocated))</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    private func sum(_ allocations: [PublicRecord.Allocation], by key: (PublicRecord.Allocation) -> String) -> [(String, Int64)] {
        var totals = [String: Int64]()
        for allocation in allocations { totals[key(allocation), default: 0] += allocation.amountPence }
        return totals.map { ($0.key, $0.value) }
    }

    /// A horizontal bar chart as inline SVG, largest first (or by label), with a text table for screen readers.
    private func chart(id: String, title: String, _ values: [(String, Int64)], money isMoney: Bool, sortByLabel: Bool = false) -> String {
        let sorted = values.sorted { sortByLabel ? $0.0 < $1.0 : ($0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0) }
        let largest = max(sorted.map(\.1).max() ?? 1, 1)
        let rowHeight = 30, labelWidth = 300, barWidth = 250, width = 680
        let height = max(sorted.count, 1) * rowHeight + 10
        var svg = "<figure class=\"chart\" id=\"\(id)\"><figcaption>\(escape(title))</figcaption>"
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" aria-label=\"\(escape(title))\">"
        if sorted.isEmpty {
            svg += "<text x=\"0\" y=\"20\" class=\"axis\">None recorded</text>"
        }
        for (index, (label, value)) in sorted.enumerated() {
            let y = index * rowHeight + 5
            let length = Int((Double(value) / Double(largest)) * Double(barWidth)).clamped(1, barWidth)
            let shown = isMoney ? money(value) : "\(value)"
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 19)\" text-anchor=\"end\" class=\"axis\">\(escape(label.count > 38 ? label.prefix(37) + "…" : label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(length)\" height=\"\(rowHeight - 10)\" class=\"bar\"><title>\(escape(label)): \(escape(shown))</title></rect>"
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 19)\" class=\"value\">\(escape(shown))</text>"
        }
        return svg + "</svg></figure>\n"
    }

    private func findingsSection() -> String {
        var out = "<h2 id=\"findings\">Governance findings</h2>\n<p>Each finding is a governance rule that the recorded events show was not followed. The events are the evidence; each links to its entry below and is proved to be in the signed ledger by <code>ledger/proofs.jsonl</code>.</p>\n"
        if findings.isEmpty { return out + "<p>No findings.</p>\n" }
        out += "<ol class=\"findings\">\n"
        var evidence = [Int64]()
        for finding in findings.prefix(Self.findingsShown) {
            out += "<li class=\"finding\"><p class=\"rule\">\(escape(finding.rule.title))</p><p>\(escape(finding.summary))</p><p class=\"evidence\">Evidence: "
            out += finding.events.map { "<a href=\"#event-\($0.position)\">#\($0.position) \(escape($0.type))</a>" }.joined(separator: ", ")
            out += "</p></li>\n"
            evidence += finding.events.map(\.position)
        }
        out += "</ol>\n"
        if findings.count > Self.findingsShown {
            out += "<p>\(findings.count - Self.findingsShown) more findings are listed in <a href=\"csv/findings.csv\">csv/findings.csv</a>.</p>\n"
        }
        out += "<h3 id=\"evidence\">Evidence</h3>\n<dl class=\"evidence-list\">\n"
        for position in Set(evidence).sorted() {
            guard let event = evidenceEvents[position] else { continue }
            out += "<dt id=\"event-\(position)\">#\(position) \(escape(event.type)) <span class=\"stream\">\(escape(event.stream))</span></dt>"
            out += "<dd>Occurred \(escape(LedgerTime.day(microseconds: event.occurredAtMicroseconds)))\(event.actor.map { ", recorded by " + escape($0) } ?? ""). Event <code>\(event.id.uuidString.lowercased())</code>, line \(position) of <a href=\"ledger/log.jsonl\">ledger/log.jsonl</a>.</dd>\n"
        }
        return out + "</dl>\n"
    }

    private func downloads() -> String {
        """
        <h2 id="data">The data</h2>
        <ul class="downloads">
        <li><a href="csv/spend-over-25000.csv">Spend over £25,000</a> (CSV, HM Treasury columns)</li>
        <li><a href="csv/decisions.csv">Decisions</a>, <a href="csv/contracts.csv">contracts</a>, <a href="csv/allocations.csv">allocations</a>, <a href="csv/consultation-responses.csv">consultation responses</a> and <a href="csv/findings.csv">findings</a> (CSV)</li>
        <li><a href="ocds/release-package.json">All contracting releases</a> (Open Contracting Data Standard \(TransparencyExport.ocdsVersion)); one record per contracting process in <code>ocds/records/</code></li>
        <li><a href="ledger/log.jsonl">The public ledger</a>, its <a href="ledger/checkpoint">signed checkpoint</a> and <a href="ledger/proofs.jsonl">inclusion proofs</a></li>
        <li><a href="manifest.json">Manifest</a> of every file with its SHA-256, and its <a href="manifest.sig">signature</a></li>
        </ul>

        """
    }

    private func verification() -> String {
        """
        <h2 id="verify">How to check this publication</h2>
        <ol class="steps">
        <li>Get the publisher's public key (<code>KEY.pub</code>) from a source you trust other than this folder.</li>
        <li>Run <code>docket verify-export FOLDER --key KEY.pub</code>, or the independent <code>python3 tools/verify_export.py FOLDER --key KEY.pub</code>.</li>
        <li>They check the manifest's signature and every file's SHA-256; rebuild every ledger entry's leaf from <code>ledger/log.jsonl</code> and the tree's root, and compare it with the signed checkpoint (\(size) events, root <code>\(root.hex.prefix(16))…</code>); check every inclusion proof; and check that every release and CSV row cites events that exist and carry the values stated.</li>
        <li>To check that nothing published before was changed, pass the earlier folder with <code>--previous</code>: the consistency proof shows this ledger extends it.</li>
        </ol>
        <p>The ledger format and the checks are specified in docs/ledger-format.md and docs/export.md.</p>

        """
    }

    private func money(_ pence: Int64) -> String {
        let pounds = (pence + 50) / 100
        var digits = String(pounds.magnitude)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return (pounds < 0 ? "-£" : "£") + digits + grouped
    }

    private func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    static let style = """
        :root{--ink:#0b0c0c;--muted:#505a5f;--rule:#b1b4b6;--brand:#005ea5;--bar:#1d70b8;--bg:#f3f2f1}
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 Arial,Helvetica,sans-serif;color:var(--ink);background:#fff}
        .wrap{max-width:960px;margin:0 auto;padding:0 20px}.masthead{background:var(--brand);color:#fff;padding:24px 0 28px;border-bottom:8px solid #003078}
        .publisher{margin:0;font-weight:bold;letter-spacing:.02em}.masthead h1{margin:6px 0 8px;font-size:2.2em;line-height:1.15}.lede{margin:0;max-width:46em;font-size:1.1em}
        h2{margin-top:48px;border-top:1px solid var(--rule);padding-top:20px}
        .facts{display:flex;flex-wrap:wrap;gap:16px;margin-top:24px}.fact{flex:1 1 150px;background:var(--bg);border-left:5px solid var(--brand);padding:12px 16px}
        .fact .value{display:block;font-size:1.7em;font-weight:bold}.fact .label{color:var(--muted)}.meta{color:var(--muted);font-size:.9em;word-break:break-all}
        table.data{border-collapse:collapse;width:100%}table.data th,table.data td{border-bottom:1px solid var(--rule);padding:8px 10px;text-align:left}
        table.data thead th{border-bottom:2px solid var(--ink)}.num{text-align:right!important;font-variant-numeric:tabular-nums}
        .charts{display:grid;grid-template-columns:1fr;gap:24px}.chart{margin:0;background:var(--bg);padding:14px}.chart figcaption{font-weight:bold;margin-bottom:6px}
        .bar{fill:var(--bar)}.axis{font-size:13px;fill:var(--ink)}.value{font-size:13px;fill:var(--muted)}
        .findings{padding-left:1.4em}.finding{margin-bottom:14px;border-left:4px solid #d4351c;padding-left:12px}.finding p{margin:2px 0}.rule{font-weight:bold}
        .evidence{font-size:.92em}.evidence-list dt{font-weight:bold;margin-top:10px}.evidence-list dd{margin-left:0;color:var(--muted)}.stream{font-weight:normal;color:var(--muted)}
        code{font-family:Consolas,monospace;background:var(--bg);padding:0 3px}a{color:#1d70b8}footer{margin:48px auto 24px;color:var(--muted);font-size:.9em;border-top:1px solid var(--rule);padding-top:12px}
        """
}

private extension Int {
    func clamped(_ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(self, low), high) }
}
