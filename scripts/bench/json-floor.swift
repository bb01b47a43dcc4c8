// The plan floor of `make bench` (docs/performance.md): what Foundation's
// JSON coders alone — the JSON library tillval's runtime writes its reports
// with — take to decode a batch of JSON Lines requests and encode, for each,
// a result of the same size and shape as `tillval plan --format json` writes.
//
//   json-floor REQUESTS.jsonl SAMPLE.json
//
// SAMPLE.json is a `tillval plan --format json` report of some of the same
// requests (read once, before the loop): request i is answered by encoding
// sample result i mod n, with the report's own options (pretty-printed,
// sorted keys), and the bytes are written to standard output in pieces, as
// tillval writes them. Built with `swiftc -O`; nothing else in the project
// depends on it. Reading the sample is not part of the floor: the program
// times its loop itself and prints "loop: SECONDS" on standard error, which
// `run.py` takes as the floor's time.
import Foundation

/// Any JSON value, so a sample result encodes with the same keys and nesting.
enum JSONValue: Codable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// A request as the generator writes it (scripts/bench/generate.py).
struct Request: Decodable {
    struct Office: Decodable { var name: String }
    struct Customer: Decodable {
        var id: String
        var name: String
        var email: String?
        var relation: String?
        var tasks: [String]?
    }
    var office: Office
    var customer: Customer
    var product: String
    var task: String?
    var collaboration: String?
}

struct Sample: Decodable { var results: [JSONValue] }

let arguments = CommandLine.arguments
guard arguments.count == 3, let sampleData = FileManager.default.contents(atPath: arguments[2]),
      let input = FileHandle(forReadingAtPath: arguments[1]) else {
    FileHandle.standardError.write("usage: json-floor REQUESTS.jsonl SAMPLE.json\n".data(using: .utf8)!)
    exit(2)
}
let samples = try JSONDecoder().decode(Sample.self, from: sampleData).results
guard !samples.isEmpty else { exit(2) }

let decoder = JSONDecoder()
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
var output = Data()
var count = 0
var pending = Data()
let start = DispatchTime.now()
func handle(_ line: Data) {
    guard !line.isEmpty else { return }
    guard let request = try? decoder.decode(Request.self, from: line) else {
        FileHandle.standardError.write("json-floor: line \(count + 1) is not a request\n".data(using: .utf8)!)
        exit(1)
    }
    _ = request.customer.id
    if let encoded = try? encoder.encode(samples[count % samples.count]) { output.append(encoded) }
    output.append(UInt8(ascii: "\n"))
    count += 1
    if output.count >= 1 << 16 {
        FileHandle.standardOutput.write(output)
        output.removeAll(keepingCapacity: true)
    }
}
while true {
    let chunk = input.readData(ofLength: 1 << 20)
    if chunk.isEmpty { break }
    pending.append(chunk)
    var start = pending.startIndex
    while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
        handle(pending[start..<newline])
        start = newline + 1
    }
    pending = pending[start...]
}
handle(pending)
FileHandle.standardOutput.write(output)
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
FileHandle.standardError.write("\(count) requests\nloop: \(seconds)\n".data(using: .utf8)!)
