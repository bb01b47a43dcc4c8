import Foundation
import Testing
import TillvalRuntime

/// The Message-ID token of a queued email (`OutboxEntry.newMessageToken`),
/// made from the system's random generator: a lower-case version 4 UUID,
/// as `UUID().uuidString.lowercased()` made it before (issue 11).
@Suite struct MessageTokenTests {
    @Test func aTokenIsALowerCaseRandomUUID() throws {
        let tokens = (0..<1000).map { _ in OutboxEntry.newMessageToken() }
        for token in tokens {
            let uuid = try #require(UUID(uuidString: token), "a UUID: \(token)")
            #expect(uuid.uuidString.lowercased() == token)
            let bytes = Array(token.utf8)
            #expect(bytes[14] == UInt8(ascii: "4"), "version 4: \(token)")
            #expect("89ab".utf8.contains(bytes[19]), "the RFC 4122 variant: \(token)")
        }
        #expect(Set(tokens).count == tokens.count)
    }
}
