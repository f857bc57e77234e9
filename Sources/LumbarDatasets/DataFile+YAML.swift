import Yams

extension DataFile {
    /// `value` as YAML with sorted keys: the same bytes for the same value (the files commands write into Datasets/).
    public static func yaml<T: Encodable>(_ value: T) throws -> String {
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        return try encoder.encode(value)
    }
}
