import Foundation
import Testing
@testable import TillvalRuntime
import TillvalTestSupport

/// Issue 11: `apply` writes a stored time per request, worked out from the
/// day number for the years 1600 to 9999 instead of through `Calendar`; it
/// must be exactly what the UTC Gregorian calendar says.
@Suite struct StoreTimestampTests {
    static func reference(_ date: Date) throws -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    @Test func storedTimesAreTheCalendarsFromItsFirstToItsLastYear() throws {
        let first = -11_676_096_000.0, end = 253_402_300_800.0
        var times: [Double] = [first, first + 0.5, first + 86_399, 0, -0.5, -1, 1, 59.999, 86_400 * 365.25 * 30 + 3_661.25, end - 1, end - 0.001,
                               951_782_400, 951_868_799, -2_203_891_200, 4_107_542_400, 1_795_946_400]
        var random = SeededRandom(state: 2026)
        for _ in 0..<20_000 {
            let seconds = first + Double(random.below(Int(end - first)))
            times.append(random.chance(3) ? seconds + Double(random.below(1000)) / 1000 : seconds)
        }
        for time in times {
            let date = Date(timeIntervalSince1970: time)
            #expect(StoreTimestamp.civilISO(date) != nil, "\(time)")
            #expect(StoreTimestamp.iso(date) == (try Self.reference(date)), "\(time)")
        }
        // Outside those years the calendar itself is asked.
        for time in [first - 1, end, -1e12, 1e12] {
            let date = Date(timeIntervalSince1970: time)
            #expect(StoreTimestamp.civilISO(date) == nil)
        }
    }
}
