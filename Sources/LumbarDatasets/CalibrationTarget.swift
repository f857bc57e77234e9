import Foundation

/// A published number the model is calibrated or validated against (`Datasets/calibration/targets.csv`).
public struct CalibrationTarget: Sendable, Equatable {
    /// What kind of evidence a target is, so that a fit played back is never read as a prediction.
    public enum Evidence: String, Sendable, CaseIterable, Codable {
        /// `lumbarsim calibrate` fits to it.
        case fitted
        /// It checks a value the model takes in (or a parameter set by hand from the same study).
        case input
        /// A function of fitted values (a ratio of fitted means, a fitted cohort against another population).
        case derived
        /// No parameter, fitted or assumed, was set from this study: the only kind that counts as validation.
        case independent
    }

    public var id: String
    public var quantity: String
    /// The population and conditions of the source (age, sex, healthy or CLBP, n).
    public var condition: String
    /// The published value; nil where the source gives no single number (qualitative findings).
    public var value: Double?
    public var uncertainty: String
    public var unit: String
    public var source: String
    public var confidence: String
    public var evidence: Evidence
    public var notes: String

    public static let datasetPath = "calibration/targets.csv"

    /// All targets, in file order; a row without a known `evidence` is refused.
    public static func load(from store: DatasetStore) throws -> [CalibrationTarget] {
        let file = "Datasets/\(datasetPath)"
        let url = store.url(datasetPath)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw DatasetError.unreadable(file: file, reason: "not a readable UTF-8 file")
        }
        guard CSVReader.rows(text).first?.contains("evidence") == true else {
            throw DatasetError.malformed(file: file, reason: "missing column 'evidence' (\(Evidence.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return try CSVReader.records(text).map { r in
            let id = r["id"] ?? ""
            let raw = r["evidence"] ?? ""
            guard let evidence = Evidence(rawValue: raw) else {
                throw DatasetError.invalidValue(path: "\(file): \(DataFile.excerpt(id)).evidence", reason:
                    "unknown evidence '\(DataFile.excerpt(raw))' (known: \(Evidence.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return CalibrationTarget(id: id, quantity: r["quantity"] ?? "", condition: r["condition"] ?? "",
                                     value: Double(r["value"] ?? ""), uncertainty: r["uncertainty"] ?? "", unit: r["unit"] ?? "",
                                     source: r["source"] ?? "", confidence: r["confidence"] ?? "", evidence: evidence,
                                     notes: r["notes"] ?? "")
        }
    }
}
