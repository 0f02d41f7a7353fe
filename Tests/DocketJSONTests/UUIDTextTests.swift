import DocketJSON
import Foundation
import Testing

@Suite("UUID text")
struct UUIDTextTests {
    @Test func lowercasedTextIsFoundationsFormLowercased() {
        let fixed = UUID(uuidString: "F98E7C6C-219E-893B-BF9E-249C6C8B251B")!
        #expect(fixed.lowercasedText == "f98e7c6c-219e-893b-bf9e-249c6c8b251b")
        for _ in 0..<1000 {
            let id = UUID()
            #expect(id.lowercasedText == id.uuidString.lowercased())
        }
    }
}
