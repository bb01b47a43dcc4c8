import Foundation

/// How the store writes and reads times: ISO 8601 in UTC with whole seconds
/// ("2026-11-29T10:00:00Z"), so rows sort as text and read the same anywhere.
package enum StoreTimestamp {
    /// The stored form of `date`.
    package static func iso(_ date: Date) -> String {
        if let fast = civilISO(date) { return fast }
        let c = components(date)
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))Z"
    }

    /// `iso` for the years 1600 to 9999, worked out from the day number
    /// (the proleptic Gregorian calendar, which is `Calendar`'s in those
    /// years) instead of asking `Calendar` for the components: `apply`
    /// writes one per request, and `dateComponents` cost about 10 000
    /// instructions each. Nil outside those years.
    static func civilISO(_ date: Date) -> String? {
        // Whole seconds counted from 2001, as `Date` keeps them and `Calendar`
        // counts them: counted from 1970, the last ~0.1 µs of a second would
        // round up into the next one (and `StoreClock` keys on the same count).
        let sinceReference = date.timeIntervalSinceReferenceDate
        let referenceSince1970 = 978_307_200
        // 1600-01-01T00:00:00Z ..< 10000-01-01T00:00:00Z
        guard sinceReference >= Double(-11_676_096_000 - referenceSince1970),
              sinceReference < Double(253_402_300_800 - referenceSince1970) else { return nil }
        let seconds = Int(sinceReference.rounded(.down)) + referenceSince1970
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let time = seconds - days * 86_400
        // Days since 1970-01-01 to year, month and day (Howard Hinnant's `civil_from_days`).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let fields = [(year, 4, UInt8(ascii: "-")), (month, 2, UInt8(ascii: "-")), (day, 2, UInt8(ascii: "T")),
                      (time / 3600, 2, UInt8(ascii: ":")), (time / 60 % 60, 2, UInt8(ascii: ":")), (time % 60, 2, UInt8(ascii: "Z"))]
        return String(unsafeUninitializedCapacity: 20) { buffer in
            var at = 0
            for (value, width, separator) in fields {
                var rest = value
                for place in stride(from: width - 1, through: 0, by: -1) {
                    buffer[at + place] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                buffer[at + width] = separator
                at += width + 1
            }
            return at
        }
    }

    /// Reads an ISO 8601 time: a full date-time with a zone (fractional
    /// seconds allowed) or a bare date (midnight UTC). Nil when it is neither.
    package static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime],
            [.withInternetDateTime, .withFractionalSeconds],
            [.withFullDate],
        ] {
            formatter.formatOptions = options
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }

    /// How a stored time reads in a sentence: "2026-11-29 10:00 UTC".
    /// A text that is not a stored time (a store edited by hand) is shown as
    /// a bounded, escaped excerpt, since it is printed to a terminal.
    ///
    /// A time in the form `iso` writes, with every field in range, is read
    /// from its digits (`fields`): a re-applied request reads several stored
    /// times, and Foundation's ISO 8601 parser makes a new ICU formatter
    /// each time (issue 11: 80 % of a re-run). Anything else is parsed.
    package static func human(_ stored: String) -> String {
        if let c = fields(stored) {
            return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day)) \(pad(c.hour)):\(pad(c.minute)) UTC"
        }
        guard let date = parse(stored) else { return Excerpt.of(stored) }
        let c = components(date)
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day)) \(pad(c.hour)):\(pad(c.minute)) UTC"
    }

    /// The fields of `text` when it is exactly `YYYY-MM-DDTHH:MM:SSZ` (the
    /// form `iso` writes) and names a real time (a day the month has, from
    /// year 1600, hours to 23, minutes and seconds to 59): the fields `parse`
    /// and `components` would give. Nil otherwise.
    private static func fields(_ text: String) -> Parts? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A,
              bytes[19] == 0x5A else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (0x30...0x39).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              year >= 1600, (1...12).contains(month), hour < 24, minute < 60, second < 60 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return nil }
        return Parts(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// The RFC 5322 form of a stored time, for an email's `Date:` header:
    /// "Sun, 29 Nov 2026 10:00:00 +0000".
    package static func rfc5322(_ date: Date) -> String {
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let c = components(date)
        let day = days.indices.contains(c.weekday - 1) ? days[c.weekday - 1] : "Sun"
        let month = months.indices.contains(c.month - 1) ? months[c.month - 1] : "Jan"
        return "\(day), \(pad(c.day)) \(month) \(pad(c.year, 4)) \(pad(c.hour)):\(pad(c.minute)):\(pad(c.second)) +0000"
    }

    private struct Parts {
        var year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, weekday = 5
    }

    /// The Gregorian calendar in UTC, made once (`iso` runs for every request applied).
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    private static func components(_ date: Date) -> Parts {
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        return Parts(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1, hour: c.hour ?? 0,
                     minute: c.minute ?? 0, second: c.second ?? 0, weekday: c.weekday ?? 5)
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
