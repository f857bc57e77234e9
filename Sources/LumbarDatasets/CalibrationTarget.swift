import Foundation

/// A published number the model is calibrated or validated against (`Datasets/calibration/targets.csv`).
public struct CalibrationTarget: Sendable, Equatable {
    public var id: String
    public var quantity: String
    public var condition: String
    /// The published value; nil where the source gives no single number (qualitative findings).
    public var value: Double?
    public var uncertainty: String
    public var unit: String
    public var source: String
    public var confidence: String
    public var notes: String

    public static let datasetPath = "calibration/targets.csv"

    /// All targets, in file order.
    public static func load(from store: DatasetStore) throws -> [CalibrationTarget] {
        let url = store.url(datasetPath)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw DatasetError.unreadable(file: "Datasets/\(datasetPath)", reason: "not a readable UTF-8 file")
        }
        return CSVReader.records(text).map { r in
            CalibrationTarget(id: r["id"] ?? "", quantity: r["quantity"] ?? "", condition: r["condition"] ?? "",
                              value: Double(r["value"] ?? ""), uncertainty: r["uncertainty"] ?? "", unit: r["unit"] ?? "",
                              source: r["source"] ?? "", confidence: r["confidence"] ?? "", notes: r["notes"] ?? "")
        }
    }
}
