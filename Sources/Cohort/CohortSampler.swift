import Foundation
import LumbarDatasets
import LumbarNumerics
import Physiology

/// Draws subjects from a ``CohortDefinition``: correlated traits through the Cholesky factor of each sex's
/// covariance (D R D), truncated to the bounds by redrawing the whole vector.
///
/// Subject `id` uses only its own stream `(seed, id, .traits)`, so a cohort is the same whatever the thread
/// count, chunking or shard that draws it.
public struct CohortSampler: Sendable {
    public let definition: CohortDefinition
    let model: TorqueModel
    /// Population mean specific tension (fitted); subjects carry a relative scale around it.
    let specificTensionMean: Double
    let fatigabilitySD: Double
    /// Trait order of the correlation matrix, mapped to the canonical order.
    let order: [Int]
    let mean: [Sex: [Double]]
    let factor: [Sex: Matrix]
    let lower: [Double]
    let upper: [Double]

    /// Redraws allowed before a cohort's bounds are declared unsatisfiable for a subject.
    public static let maxRedraws = 10_000

    /// `fatigabilitySD`: log-scale SD of the subjects' fatigue rates (``SubjectParameters/fatigability``).
    public init(definition: CohortDefinition, model: TorqueModel, specificTensionMean: Double, fatigabilitySD: Double) throws(CohortError) {
        self.fatigabilitySD = fatigabilitySD
        self.definition = definition
        self.model = model
        self.specificTensionMean = specificTensionMean
        let names = definition.correlation.traits
        let n = names.count
        order = CohortDefinition.traitNames.compactMap { names.firstIndex(of: $0) }
        var mean: [Sex: [Double]] = [:]
        var factor: [Sex: Matrix] = [:]
        let correlation = Matrix(definition.correlation.matrix)
        for sex in Sex.allCases {
            let quantities = names.map { definition.traits[$0]!.distribution(for: sex) }
            mean[sex] = quantities.map(\.value)
            let sd = quantities.map { $0.sd ?? 0 }
            var covariance = correlation
            for i in 0..<n { for j in 0..<n { covariance[i, j] *= sd[i] * sd[j] } }
            do {
                factor[sex] = try covariance.cholesky()
            } catch {
                throw .covarianceNotPositiveDefinite(cohort: definition.name, sex: sex.rawValue, detail: "\(error)")
            }
        }
        self.mean = mean
        self.factor = factor
        lower = names.map { definition.traits[$0]!.lower }
        upper = names.map { definition.traits[$0]!.upper }
    }

    /// The cohort's mean of a trait for one sex (the centre that enrolment values regress towards).
    public func traitMean(_ name: String, sex: Sex) -> Double {
        definition.traits[name]?.distribution(for: sex).value ?? .nan
    }

    /// The subject with this id under this seed.
    public func subject(id: Int, seed: UInt64) throws(CohortError) -> SubjectParameters {
        var rng = RandomStream(seed: seed, address: .traits(subject: id))
        let sex: Sex = rng.nextBernoulli(definition.maleFraction.value) ? .male : .female
        let mu = mean[sex]!
        let chol = factor[sex]!
        let n = mu.count
        var z = [Double](repeating: 0, count: n)
        for _ in 0..<Self.maxRedraws {
            for i in 0..<n { z[i] = rng.nextNormal() }
            let deviation = chol.lowerTriangularMultiply(z)
            var inside = true
            var x = [Double](repeating: 0, count: n)
            for i in 0..<n {
                x[i] = mu[i] + deviation[i]
                if x[i] < lower[i] || x[i] > upper[i] { inside = false; break }
            }
            if inside {
                var subject = build(id: id, sex: sex, traits: order.map { x[$0] })
                var separate = RandomStream(seed: seed, address: .separateTraits(subject: id))
                subject.fatigability = exp(fatigabilitySD * separate.nextNormal() - 0.5 * fatigabilitySD * fatigabilitySD)
                return subject
            }
        }
        throw .boundsUnsatisfiable(cohort: definition.name, subject: id, tries: Self.maxRedraws)
    }

    /// Traits in ``CohortDefinition/traitNames`` order.
    func build(id: Int, sex: Sex, traits t: [Double]) -> SubjectParameters {
        let torso = model.torsoSegment(heightCm: t[1], massKg: t[2])
        let fat = t[6]
        return SubjectParameters(
            id: id, sex: sex, ageY: t[0], heightCm: t[1], massKg: t[2],
            torsoMassKg: torso.massKg, torsoComCm: torso.comCm,
            csaCm2: PerGroup(multifidus: t[3], longissimus: t[4], iliocostalis: t[5]),
            fatFraction: model.groupFatFractions(subjectFatFraction: fat),
            specificTensionNcm2: specificTensionMean * t[7], activationCapacity: t[8], momentArmScale: t[9],
            passiveScale: t[10], extensionInhibition: definition.extensionInhibition.value,
            lumbarRomDeg: t[11], slrDeg: t[12], painVAS: t[13], odi: t[14], clbp: definition.clbp)
    }
}

public enum CohortError: Error, Equatable, CustomStringConvertible {
    case covarianceNotPositiveDefinite(cohort: String, sex: String, detail: String)
    case boundsUnsatisfiable(cohort: String, subject: Int, tries: Int)
    case invalidCount(Int)

    public var description: String {
        switch self {
        case .covarianceNotPositiveDefinite(let cohort, let sex, let detail):
            return "cohort \(cohort): trait covariance for sex \(sex) is not positive definite (\(detail))"
        case .boundsUnsatisfiable(let cohort, let subject, let tries):
            return "cohort \(cohort): no draw for subject \(subject) fell inside the trait bounds in \(tries) tries"
        case .invalidCount(let n):
            return "number of subjects must be at least 1 (got \(n))"
        }
    }
}
