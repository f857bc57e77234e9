import LumbarDatasets

/// Published known answers the verification section checks the code against (`Datasets/credibility/known-answers.yaml`).
struct KnownAnswers: Decodable {
    static let file = "credibility/known-answers.yaml"

    struct Philox: Decodable {
        struct Vector: Decodable {
            var counter: [UInt32]
            var key: [UInt32]
            var output: [UInt32]
        }

        var source: String
        var vectors: [Vector]
    }

    struct ANCOVAExample: Decodable {
        struct Published: Decodable {
            var value: Double
            var tolerance: Double
        }

        struct Effect: Decodable {
            var machine: Int
            var value: Double
            var tolerance: Double
        }

        var source: String
        /// machine, y, x
        var observations: [[Double]]
        var slope: Published
        var effects: [Effect]
    }

    /// The closed-form vs Euler check of the fatigue model: not a published answer but a chosen tolerance, so the
    /// file marks it as an assumption with its reason.
    struct FatigueEuler: Decodable {
        var load: Double
        var step_s: Double
        var tolerance_s: Double
        var confidence: String
        var assumption: String
    }

    var philox4x32_10: Philox
    var ancova: ANCOVAExample
    var fatigue_euler: FatigueEuler

    static func load(from store: DatasetStore) throws -> KnownAnswers {
        let answers = try store.decode(KnownAnswers.self, from: file)
        let path = "Datasets/\(file)"
        for (i, v) in answers.philox4x32_10.vectors.enumerated() where v.counter.count != 4 || v.key.count != 2 || v.output.count != 4 {
            throw DatasetError.invalidValue(path: "\(path): philox4x32_10.vectors[\(i)]", reason: "needs 4 counter, 2 key and 4 output words")
        }
        for (i, row) in answers.ancova.observations.enumerated() where row.count != 3 {
            throw DatasetError.invalidValue(path: "\(path): ancova.observations[\(i)]", reason: "must be [machine, y, x]")
        }
        let euler = answers.fatigue_euler
        guard euler.confidence == "assumption", !euler.assumption.isEmpty else {
            throw DatasetError.invalidValue(path: "\(path): fatigue_euler.confidence", reason: "a chosen tolerance must be marked 'assumption' with its reason")
        }
        guard euler.load > 0, euler.load < 1, euler.step_s > 0, euler.tolerance_s > 0 else {
            throw DatasetError.invalidValue(path: "\(path): fatigue_euler", reason: "load must lie in (0, 1), step_s and tolerance_s above 0")
        }
        return answers
    }
}
