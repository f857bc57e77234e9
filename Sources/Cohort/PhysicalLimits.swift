import LumbarDatasets

/// `Datasets/limits.yaml`: the physical limits within which a cohort file's trait bounds must lie.
public struct PhysicalLimits: Decodable, Sendable {
    public struct Limit: Decodable, Sendable {
        public var lower: Double
        public var upper: Double
        public var unit: String
        /// Why the limit is where it is.
        public var assumption: String
    }

    public var traits: [String: Limit]

    public static let file = "limits.yaml"

    public static func load(from store: DatasetStore) throws -> PhysicalLimits {
        try store.decode(PhysicalLimits.self, from: file)
    }
}
