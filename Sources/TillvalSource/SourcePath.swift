#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's display path (`SourceLocation.file`), interned: one shared,
/// never freed object per distinct path, so that a path is compared by
/// identity and copied as a pointer, without reference counting. Locations
/// are copied with every node, declaration and diagnostic; a `String` in
/// each was a fifth of `check`'s time in retains and releases (issue 11).
/// The paths of a process are few (the files it reads), so keeping each
/// for the life of the process costs nothing worth counting.
public struct SourcePath: Hashable, Sendable, CustomStringConvertible {
    private let name: Unmanaged<PathName>

    /// The interned path `text`: texts of the same bytes give equal paths.
    public init(_ text: String) {
        name = PathTable.shared.intern(text)
    }

    /// The path as written.
    public var text: String { name._withUnsafeGuaranteedRef { $0.text } }

    public var description: String { text }

    public static func == (lhs: SourcePath, rhs: SourcePath) -> Bool {
        lhs.name.toOpaque() == rhs.name.toOpaque()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(UInt(bitPattern: name.toOpaque()))
    }
}

/// The text of one interned path; never freed.
private final class PathName: Sendable {
    let text: String
    init(_ text: String) { self.text = text }
}

/// Every path interned so far, behind a lock (any thread may make a location).
private final class PathTable: @unchecked Sendable {
    static let shared = PathTable()

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    /// Keyed by the path's bytes: two spellings of one name (precomposed and
    /// decomposed `é`), which `String` compares as equal, are two files.
    private var names: [[UInt8]: Unmanaged<PathName>] = [:]
    /// The path interned last: a reader makes its locations one file at a time.
    private var last: (text: String, name: Unmanaged<PathName>)?

    private init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    func intern(_ text: String) -> Unmanaged<PathName> {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if let last, last.text.utf8.elementsEqual(text.utf8) { return last.name }
        let bytes = Array(text.utf8)
        let name: Unmanaged<PathName>
        if let known = names[bytes] {
            name = known
        } else {
            name = Unmanaged.passRetained(PathName(text))
            names[bytes] = name
        }
        last = (text, name)
        return name
    }
}
