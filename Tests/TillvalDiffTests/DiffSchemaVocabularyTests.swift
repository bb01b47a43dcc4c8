import Foundation
import Testing
import TillvalPlan
import TillvalTestSupport

/// Schemas/diff.schema.json spells the report's words as enums; they are
/// exactly the raw values of the vocabulary (Sources/TillvalPlan/Vocabulary.swift),
/// so a word added there and not to the schema (or the reverse) fails here.
@Suite struct DiffSchemaVocabularyTests {
    /// The definitions whose properties carry the words; a property without `enum` decodes as nil.
    struct Schema: Decodable {
        struct Enumeration: Decodable { var `enum`: [String]? }
        struct Object: Decodable { var properties: [String: Enumeration] }
        struct Definitions: Decodable {
            var route: Object
            var schemaChange: Object
            var scenarioChange: Object
            var emailChange: Object
        }
        var definitions: Definitions
    }

    @Test func theSchemasWordsAreTheVocabularys() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.path("Schemas/diff.schema.json")))
        let definitions = try JSONDecoder().decode(Schema.self, from: data).definitions
        #expect(definitions.route.properties["kind"]?.enum == RouteKind.allCases.map(\.rawValue))
        #expect(definitions.schemaChange.properties["kind"]?.enum == SchemaChangeKind.allCases.map(\.rawValue))
        #expect(definitions.scenarioChange.properties["change"]?.enum == DiffChange.allCases.map(\.rawValue))
        #expect(definitions.scenarioChange.properties["part"]?.enum == ScenarioPart.allCases.map(\.rawValue))
        #expect(definitions.emailChange.properties["change"]?.enum == DiffChange.allCases.map(\.rawValue))
    }
}
