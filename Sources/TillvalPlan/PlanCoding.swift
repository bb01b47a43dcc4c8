import Crypto
import Foundation

/// The one way plans become bytes and back: sorted keys and fixed formatting,
/// so the same sources always give the same file.
public enum PlanCoding {
    /// Why a plan file could not be read.
    public enum ReadError: Error, Equatable, Sendable {
        case notAPlan(String)
        case unsupportedFormat(Int)
    }

    public static func encode(_ plan: Plan) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every type in a plan is plain data; encoding cannot fail.
        guard var data = try? encoder.encode(plan) else { return Data() }
        data.append(UInt8(ascii: "\n"))
        return data
    }

    public static func decode(_ data: Data) -> Result<Plan, ReadError> {
        struct Header: Decodable { var format: Int }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            return .failure(.notAPlan("the file is not a tillval plan (no 'format' field)"))
        }
        guard header.format == Plan.currentFormat else {
            return .failure(.unsupportedFormat(header.format))
        }
        do {
            return .success(try JSONDecoder().decode(Plan.self, from: data))
        } catch let error as DecodingError {
            return .failure(.notAPlan(describe(error)))
        } catch {
            return .failure(.notAPlan("\(error)"))
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
