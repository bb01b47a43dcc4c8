/// A product as the runtime needs it: its display name and how it is activated.
public struct PlanProduct: Codable, Equatable, Sendable {
    public var id: String
    public var name: String
    public var doc: String?
    /// Direct inclusions, as written.
    public var includes: [String]
    /// The product whose service activates this one, restricted to it.
    public var activatedThrough: String?

    public init(id: String, name: String, doc: String?, includes: [String], activatedThrough: String?) {
        self.id = id
        self.name = name
        self.doc = doc
        self.includes = includes
        self.activatedThrough = activatedThrough
    }

    enum CodingKeys: String, CodingKey {
        case id, name, doc, includes
        case activatedThrough = "activated-through"
    }
}

/// What activating a product really activates: the service (after
/// `activated-through`) and the restriction, resolved at compile time.
public struct PlanService: Codable, Equatable, Hashable, Sendable {
    /// The product asked for.
    public var product: String
    /// The product whose service is activated.
    public var service: String
    /// Set when the service is restricted to the requested product.
    public var restrictedTo: String?

    public init(product: String, service: String, restrictedTo: String?) {
        self.product = product
        self.service = service
        self.restrictedTo = restrictedTo
    }

    enum CodingKeys: String, CodingKey {
        case product, service
        case restrictedTo = "restricted-to"
    }
}
