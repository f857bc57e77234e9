import LumbarDatasets

extension Validator {
    /// The evidence kinds must agree with what calibrate does: a measurement marked `calibrate: true` is a
    /// `fitted` target, and a `fitted` target is one some scenario marks `calibrate: true`. Otherwise a fit
    /// could be counted as validation, or a prediction hidden among the fits.
    public static func checkEvidence(targets: [CalibrationTarget], scenarios: [ValidationScenario]) throws {
        let evidence = Dictionary(uniqueKeysWithValues: targets.map { ($0.id, $0.evidence) })
        var calibrated: Set<String> = []
        for scenario in scenarios {
            for m in scenario.measurements {
                guard let kind = evidence[m.target] else { throw ValidationError.unknownTarget(scenario: scenario.id, target: m.target) }
                if m.calibrate {
                    calibrated.insert(m.target)
                    guard kind == .fitted else {
                        throw ValidationError.evidence(file: "Datasets/\(ValidationScenario.folder)/\(scenario.id).yaml", field: "\(m.target).calibrate",
                                                       problem: "calibrate fits to it, so targets.csv must say evidence 'fitted' (it says '\(kind.rawValue)')")
                    }
                }
            }
        }
        for target in targets where target.evidence == .fitted && !calibrated.contains(target.id) {
            throw ValidationError.evidence(file: "Datasets/\(CalibrationTarget.datasetPath)", field: "\(target.id).evidence",
                                           problem: "'fitted' but no validation scenario marks it calibrate: true")
        }
    }
}
