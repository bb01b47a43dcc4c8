import TillvalSyntax

/// Proves the product graph sound: references exist, `includes` has no
/// cycle, and `activated-through` points at a product that contains this
/// one and is not itself activated through another.
enum ProductGraphChecker {
    /// The checked products (those whose references all resolve), by id.
    static func check(symbols: SymbolTable, sink: inout DiagnosticSink) -> [String: CheckedProduct] {
        let products = symbols.unique.products
        var resolvedIncludes: [String: [Reference]] = [:]
        for product in products {
            var seen: [String: SourceRange] = [:]
            var references: [Reference]? = []
            for include in product.includes {
                if let first = seen[include.value] {
                    sink.emit(CheckMessage.listedTwice(include.value, .included), at: include.range,
                              notes: [DiagnosticNote(CheckMessage.Note.firstIncludedHere, at: first)], suggestion: Suggestion(CheckMessage.Help.removeOneOfThem))
                }
                seen[include.value] = include.range
                if let target = symbols.resolve(include, in: symbols.products, as: .product, sink: &sink) {
                    references?.append(Reference(include.value, at: include.range, target: target.id.range))
                } else {
                    references = nil
                }
            }
            resolvedIncludes[product.id.value] = references
        }
        reportCycles(products, symbols: symbols, sink: &sink)
        var checked: [String: CheckedProduct] = [:]
        for product in products {
            func keep(through: Reference?) {
                guard let name = product.name, let includes = resolvedIncludes[product.id.value] else { return }
                checked[product.id.value] = CheckedProduct(id: product.id, name: name, doc: product.doc, includes: includes, activatedThrough: through)
            }
            guard let through = product.activatedThrough else {
                keep(through: nil)
                continue
            }
            guard let target = symbols.resolve(through, in: symbols.products, as: .product, sink: &sink) else { continue }
            keep(through: Reference(through.value, at: through.range, target: target.id.range))
            if through.value == product.id.value {
                sink.emit(CheckMessage.activatedThroughItself(product: product.id.value), at: through.range,
                          suggestion: Suggestion(CheckMessage.Help.nameIncludingProduct(product.id.value)))
                continue
            }
            if let chained = target.activatedThrough {
                sink.emit(CheckMessage.activatedThroughChain(through: through.value, chained: chained.value), at: through.range, notes: [DiagnosticNote(CheckMessage.Note.activatedThrough(through.value, chained: chained.value), at: chained.range)],
                          suggestion: Suggestion(CheckMessage.Help.pointDirectly(at: chained.value)))
            }
            if !includes(target.id.value, product.id.value, symbols: symbols) {
                sink.emit(CheckMessage.activatedThroughNotIncluding(through: through.value, product: product.id.value), at: through.range, notes: [DiagnosticNote(CheckMessage.Note.isDeclaredHere(through.value), at: target.id.range)],
                          suggestion: Suggestion(CheckMessage.Help.addToIncludes(product: product.id.value, of: through.value)))
            }
        }
        return checked
    }

    /// Whether `container` includes `member`, directly or transitively.
    static func includes(_ container: String, _ member: String, symbols: SymbolTable) -> Bool {
        var stack = [container]
        var visited: Set<String> = []
        while let current = stack.popLast() {
            guard visited.insert(current).inserted, let product = symbols.products[current] else { continue }
            for include in product.includes {
                if include.value == member { return true }
                stack.append(include.value)
            }
        }
        return false
    }

    private static func reportCycles(_ products: [ProductDeclaration], symbols: SymbolTable, sink: inout DiagnosticSink) {
        let cycles = CycleFinder().cycles(nodes: products.map(\.id.value)) { symbols.products[$0]?.includes }
        for cycle in cycles {
            sink.emit(CheckMessage.includeCycle(cycle.members), at: cycle.edges.first,
                      notes: cycle.edges.dropFirst().map { DiagnosticNote(CheckMessage.Note.cycleContinuesHere, at: $0) },
                      suggestion: Suggestion(CheckMessage.Help.removeOneInclude))
        }
    }
}
