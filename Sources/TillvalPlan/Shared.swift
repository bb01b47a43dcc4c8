/// A value held once and shared by every copy, copied only when a copy that
/// is shared is changed (copy on write). A type with many fields that is
/// handed on many times — a checked template or product copied into each
/// effect that uses it, a request's plan handed to the batch, the store and
/// the report — keeps them in one `Shared` and copies a reference, not each
/// of its strings and arrays (issue 11).
@frozen
public struct Shared<Value: Sendable>: Sendable {
    /// Written only while uniquely referenced (`value`'s modify), so sharing it between threads is safe.
    @usableFromInline
    final class Box: @unchecked Sendable {
        @usableFromInline var value: Value

        @inlinable init(_ value: Value) {
            self.value = value
        }
    }

    @usableFromInline var box: Box

    @inlinable public init(_ value: Value) {
        box = Box(value)
    }

    @inlinable public var value: Value {
        get { box.value }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            yield &box.value
        }
    }
}

extension Shared: Equatable where Value: Equatable {
    /// Copies of one value are equal without comparing their fields.
    @inlinable public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.box === rhs.box || lhs.box.value == rhs.box.value
    }
}

extension Shared: Hashable where Value: Hashable {
    @inlinable public func hash(into hasher: inout Hasher) {
        hasher.combine(box.value)
    }
}
