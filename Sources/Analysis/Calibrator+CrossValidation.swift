import LumbarDatasets
import LumbarNumerics

/// Leave-one-study-out: for each study calibrate fits to, the parameters refitted without that study's targets,
/// and the study's targets predicted from the refit. A band-normalised offset is (simulated − published) / half the
/// acceptance band, the unit calibrate's residuals are in; the RMS of those over a set of targets says how far, in
/// bands, the model lies from them.
public struct CrossValidation: Sendable, Encodable {
    public struct Row: Sendable, Encodable {
        public var study: String
        public var target: String
        public var published: Double
        public var halfBand: Double
        /// Simulated with the committed fit (which saw this target).
        public var inSample: Double
        /// Simulated with the refit that did not see this study.
        public var outOfSample: Double
        public var inSampleOffset: Double { inSample - published }
        public var outOfSampleOffset: Double { outOfSample - published }

        enum CodingKeys: String, CodingKey {
            case study, target, published, halfBand = "half_band", inSample = "in_sample", outOfSample = "out_of_sample"
            case inSampleOffset = "in_sample_offset", outOfSampleOffset = "out_of_sample_offset"
            case inSampleNormalised = "in_sample_normalised", outOfSampleNormalised = "out_of_sample_normalised"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(study, forKey: .study)
            try c.encode(target, forKey: .target)
            try c.encode(published, forKey: .published)
            try c.encode(halfBand, forKey: .halfBand)
            try c.encode(inSample, forKey: .inSample)
            try c.encode(outOfSample, forKey: .outOfSample)
            try c.encode(inSampleOffset, forKey: .inSampleOffset)
            try c.encode(outOfSampleOffset, forKey: .outOfSampleOffset)
            try c.encode(inSampleOffset / halfBand, forKey: .inSampleNormalised)
            try c.encode(outOfSampleOffset / halfBand, forKey: .outOfSampleNormalised)
        }
    }

    public struct Study: Sendable, Encodable {
        public var study: String
        public var targets: [String]
        /// Parameters the other studies do not determine (alone or in combination): kept at the committed fit's
        /// value, so this study's out-of-sample values still carry what the study itself set (no prediction for them).
        public var held: [String]
        /// The refit's parameter values, by name.
        public var parameters: [String: Double]
        public var cost: Double
        public var iterations: Int
        public var converged: Bool
        public var rmsInSample: Double
        public var rmsOutOfSample: Double

        enum CodingKeys: String, CodingKey {
            case study, targets, held, parameters, cost, iterations, converged
            case rmsInSample = "rms_in_sample", rmsOutOfSample = "rms_out_of_sample"
        }
    }

    public var studies: [Study]
    public var rows: [Row]
    public var subjects: Int
    public var iterations: Int
    /// Band-normalised RMS over every fitted target.
    public var rmsInSample: Double
    public var rmsOutOfSample: Double
    /// The same two over the studies whose refit held no parameter: the genuinely out-of-sample part.
    public var rmsInSampleNoneHeld: Double?
    public var rmsOutOfSampleNoneHeld: Double?

    enum CodingKeys: String, CodingKey {
        case studies, rows, subjects, iterations
        case rmsInSample = "rms_in_sample", rmsOutOfSample = "rms_out_of_sample", rmsOutOfSampleNoneHeld = "rms_out_of_sample_none_held"
        case rmsInSampleNoneHeld = "rms_in_sample_none_held"
    }

    static func rms(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : (values.reduce(0) { $0 + $1 * $1 } / Double(values.count)).squareRoot()
    }
}

extension Calibrator {
    /// Leave-one-study-out from the committed fit `start`; a study is a validation scenario with targets marked
    /// `calibrate: true`. `only` restricts which studies are left out (default: each in turn); `progress` hears
    /// each study as it starts.
    public func crossValidate(start: FittedParameters, maxIterations: Int, only: Set<String>? = nil,
                              progress: ((String) -> Void)? = nil) throws -> CrossValidation {
        let targets = try targets()
        var studies: [String] = []
        for id in targets.map(\.scenario.id) where !studies.contains(id) && only?.contains(id) != false { studies.append(id) }
        let inSample = try residuals(start, targets: targets)
        guard !studies.isEmpty else { throw ValidationError.noFittedStudy((only ?? []).sorted()) }
        var rows: [CrossValidation.Row] = []
        var summaries: [CrossValidation.Study] = []
        for study in studies {
            progress?(study)
            let kept = targets.filter { $0.scenario.id != study }
            let left = targets.indices.filter { targets[$0].scenario.id == study }
            let refit = try refitHoldingUndetermined(start: start, targets: kept, maxIterations: maxIterations)
            let outOfSample = try residuals(refit.fitted, targets: left.map { targets[$0] })
            var studyRows: [CrossValidation.Row] = []
            for (k, i) in left.enumerated() {
                let t = targets[i]
                let half = (t.measurement.upper - t.measurement.lower) / 2
                studyRows.append(.init(study: study, target: t.measurement.target, published: t.published, halfBand: half,
                                       inSample: t.published + inSample[i] * half, outOfSample: t.published + outOfSample[k] * half))
            }
            rows += studyRows
            summaries.append(.init(study: study, targets: studyRows.map(\.target), held: refit.held.sorted(),
                                   parameters: Dictionary(uniqueKeysWithValues: zip(start.names, refit.fitted.values)),
                                   cost: refit.result.cost, iterations: refit.result.iterations, converged: refit.result.converged,
                                   rmsInSample: CrossValidation.rms(studyRows.map { $0.inSampleOffset / $0.halfBand }),
                                   rmsOutOfSample: CrossValidation.rms(studyRows.map { $0.outOfSampleOffset / $0.halfBand })))
        }
        let clean = Set(summaries.filter(\.held.isEmpty).map(\.study))
        let cleanRows = rows.filter { clean.contains($0.study) }
        return CrossValidation(studies: summaries, rows: rows, subjects: subjects, iterations: maxIterations,
                               rmsInSample: CrossValidation.rms(rows.map { $0.inSampleOffset / $0.halfBand }),
                               rmsOutOfSample: CrossValidation.rms(rows.map { $0.outOfSampleOffset / $0.halfBand }),
                               rmsInSampleNoneHeld: cleanRows.isEmpty ? nil : CrossValidation.rms(cleanRows.map { $0.inSampleOffset / $0.halfBand }),
                               rmsOutOfSampleNoneHeld: cleanRows.isEmpty ? nil : CrossValidation.rms(cleanRows.map { $0.outOfSampleOffset / $0.halfBand }))
    }

    /// Fits to `targets`, first holding the parameters that move none of them (and, while there are more free
    /// parameters than targets, those that move them least), then any the solver reports as not identifiable
    /// (alone or in combination), until the rest can be fitted.
    func refitHoldingUndetermined(start: FittedParameters, targets: [Target], maxIterations: Int) throws
        -> (fitted: FittedParameters, result: NonlinearLeastSquares.Result, held: Set<String>) {
        let sensitivity = try sensitivities(start: start, targets: targets)
        var held = Set(start.names.filter { sensitivity[$0] == 0 })
        while true {
            let free = start.names.filter { !held.contains($0) }
            if free.count > targets.count {
                held.insert(free.min { sensitivity[$0]! < sensitivity[$1]! }!)
                continue
            }
            do {
                let (fitted, result) = try fit(start: start, maxIterations: maxIterations, targets: targets, holding: held)
                return (fitted, result, held)
            } catch FitError.notIdentifiable(let indices) {
                held.formUnion(indices.map { free[$0] })
            }
        }
    }

    /// How much each parameter's finite-difference step (relative to its range) moves the residuals (Euclidean
    /// norm); the objective is deterministic, so 0 means bit-for-bit unchanged.
    func sensitivities(start: FittedParameters, targets: [Target]) throws -> [String: Double] {
        let base = try residuals(start, targets: targets)
        var result: [String: Double] = [:]
        for (j, name) in start.names.enumerated() {
            let p = start.parameters[name]!
            var values = start.values
            let h = Self.finiteDifferenceStep * (p.upper - p.lower)
            values[j] = p.value + h <= p.upper ? p.value + h : p.value - h
            let moved = try residuals(start.with(values: values), targets: targets)
            result[name] = zip(moved, base).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        }
        return result
    }
}
