import DocketQuery
import Foundation
import Testing

@Test func scratch() throws {
    let text = ProcessInfo.processInfo.environment["Q"] ?? "from decisions | take 2"
    switch QueryCompiler.compile(text, parameters: ["x": "5"]) {
    case .success(let c): print(QueryCompiler.listing(c)); print(c.columns.map { "\($0.name): \($0.type)" })
    case .failure(let e): print(e.rendered(source: text))
    }
}
