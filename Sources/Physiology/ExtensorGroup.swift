/// The lumbar extensor groups the model resolves. Each has its own CSA, fat, moment arm and (later) fatigue.
public enum ExtensorGroup: String, CaseIterable, Codable, Sendable {
    case multifidus, longissimus, iliocostalis
}

/// One value per extensor group, stored inline (no heap array) so subject structs stay flat and cheap to copy.
public struct PerGroup<Value> {
    public var multifidus: Value
    public var longissimus: Value
    public var iliocostalis: Value

    public init(multifidus: Value, longissimus: Value, iliocostalis: Value) {
        self.multifidus = multifidus
        self.longissimus = longissimus
        self.iliocostalis = iliocostalis
    }

    public init(_ make: (ExtensorGroup) throws -> Value) rethrows {
        self.init(multifidus: try make(.multifidus), longissimus: try make(.longissimus), iliocostalis: try make(.iliocostalis))
    }

    public subscript(group: ExtensorGroup) -> Value {
        get {
            switch group {
            case .multifidus: return multifidus
            case .longissimus: return longissimus
            case .iliocostalis: return iliocostalis
            }
        }
        set {
            switch group {
            case .multifidus: multifidus = newValue
            case .longissimus: longissimus = newValue
            case .iliocostalis: iliocostalis = newValue
            }
        }
    }

    public func map<T>(_ transform: (Value) throws -> T) rethrows -> PerGroup<T> {
        try PerGroup<T> { try transform(self[$0]) }
    }
}

extension PerGroup: Sendable where Value: Sendable {}
extension PerGroup: Equatable where Value: Equatable {}
extension PerGroup: Encodable where Value: Encodable {}
extension PerGroup: Decodable where Value: Decodable {}

extension PerGroup where Value == Double {
    public var sum: Double { multifidus + longissimus + iliocostalis }
}
