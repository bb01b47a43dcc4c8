import Crypto
import Foundation

/// The one way plans become bytes and back: sorted keys and fixed formatting,
/// so the same sources always give the same file.
public enum PlanCoding {
    /// Why a plan file could not be read.
    public enum ReadError: Error, Equatable, Sendable {
        case notAPlan(String)
        case unsupportedFormat(Int)
        /// A key the plan format does not have, with its path (`.collaborations[0].x`).
        case unknownKey(String)
        /// The file has no `integrity` field; the plan as read, for further checks.
        case integrityMissing(Plan)
        /// The content does not hash to the `integrity` field: what the field
        /// says, what the content gives, and the plan as read, for further checks.
        case integrityMismatch(recorded: String, actual: String, plan: Plan)
    }

    /// The plan as JSON with its `integrity` field: `sha256:` and the hex
    /// digest of the plan's canonical JSON without that field.
    public static func encode(_ plan: Plan) -> Data {
        var data = canonical(Sealed(plan: plan, integrity: integrity(of: plan)))
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// The hash `encode` writes into `integrity`.
    public static func integrity(of plan: Plan) -> String {
        "sha256:" + PlanDigest.sha256(Array(canonical(plan)))
    }

    /// Reads a plan file strictly: its format must be this tillval's, every
    /// key must be one the format has, and the content must hash to its
    /// `integrity` field. The first problem found is returned.
    public static func decode(_ data: Data) -> Result<Plan, ReadError> {
        struct Header: Decodable { var format: Int }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            return .failure(.notAPlan("the file is not a tillval plan (no 'format' field)"))
        }
        guard header.format == Plan.currentFormat else {
            return .failure(.unsupportedFormat(header.format))
        }
        let plan: Plan
        do {
            plan = try JSONDecoder().decode(Plan.self, from: data)
        } catch let error as DecodingError {
            return .failure(.notAPlan(describe(error)))
        } catch {
            return .failure(.notAPlan("\(error)"))
        }
        struct Seal: Decodable { var integrity: String? }
        let recorded = (try? JSONDecoder().decode(Seal.self, from: data))?.integrity
        // Keys the decoder skipped: whatever the file holds beyond what the plan re-encodes to.
        if let file = try? JSONDecoder().decode(JSONTree.self, from: data),
           let known = try? JSONDecoder().decode(JSONTree.self, from: canonical(Sealed(plan: plan, integrity: recorded ?? ""))),
           let unknown = file.firstKey(notIn: known, path: "") {
            return .failure(.unknownKey(unknown))
        }
        guard let recorded else { return .failure(.integrityMissing(plan)) }
        let actual = integrity(of: plan)
        guard recorded == actual else { return .failure(.integrityMismatch(recorded: recorded, actual: actual, plan: plan)) }
        return .success(plan)
    }

    /// Sorted keys and fixed formatting: the same plan always gives the same bytes.
    private static func canonical<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every type in a plan is plain data; encoding cannot fail.
        return (try? encoder.encode(value)) ?? Data()
    }

    /// A plan with its `integrity` field, one JSON object.
    private struct Sealed: Encodable {
        var plan: Plan
        var integrity: String

        enum CodingKeys: String, CodingKey { case integrity }

        func encode(to encoder: Encoder) throws {
            try plan.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(integrity, forKey: .integrity)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing key '\(key.stringValue)'"
        @unknown default:
            return "\(error)"
        }
    }
}

/// Any JSON value, for finding the keys of a file that the plan format does not have.
indirect enum JSONTree: Decodable, Equatable {
    case object([String: JSONTree])
    case array([JSONTree])
    case scalar

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let object = try? container.decode([String: JSONTree].self) {
            self = .object(object)
        } else if let array = try? container.decode([JSONTree].self) {
            self = .array(array)
        } else {
            self = .scalar
        }
    }

    /// The path of the first key (in sorted order) that `self` has and `known` has not.
    func firstKey(notIn known: JSONTree, path: String) -> String? {
        switch (self, known) {
        case (.object(let mine), .object(let theirs)):
            for key in mine.keys.sorted() {
                guard let other = theirs[key] else { return path + "." + key }
                if let found = mine[key]?.firstKey(notIn: other, path: path + "." + key) { return found }
            }
            return nil
        case (.array(let mine), .array(let theirs)):
            for (index, item) in mine.enumerated() where index < theirs.count {
                if let found = item.firstKey(notIn: theirs[index], path: path + "[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}

/// SHA-256 digests for plans and their sources.
public enum PlanDigest {
    public static func sha256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// One digest over many files: each path and its bytes, length-prefixed,
    /// so no two different source sets can collide by concatenation.
    public static func sources(_ files: [(path: String, bytes: [UInt8])]) -> String {
        var hasher = SHA256()
        for file in files {
            let path = Array(file.path.utf8)
            hasher.update(data: Array("\(path.count):".utf8) + path)
            hasher.update(data: Array("\(file.bytes.count):".utf8) + file.bytes)
        }
        return "sha256:" + hex(hasher.finalize())
    }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
