/// What a subject's lumbar spine is *now*: everything weeks of care, detraining and fatigue change
/// (the data half of the model/data split; ``SubjectParameters`` never change).
public struct SubjectState: Sendable, Equatable {
    /// Angles at which neural adaptation is tracked (the machine's test angles); torque between them
    /// interpolates linearly. Lane 7 of ``neural`` is unused.
    public static let neuralNodesDeg: [Double] = [0, 12, 24, 36, 48, 60, 72]

    public let baselineCsaCm2: PerGroup<Double>
    /// Fraction of the trainable neural reserve realised at each node, 0…1.
    public var neural: SIMD8<Double> = .zero
    /// Fractional CSA gain from training, per group.
    public var hypertrophy = PerGroup(multifidus: 0.0, longissimus: 0.0, iliocostalis: 0.0)
    /// Multiplier on baseline CSA from disuse atrophy (CLBP), per group.
    public var atrophy = PerGroup(multifidus: 1.0, longissimus: 1.0, iliocostalis: 1.0)
    /// Three-compartment fatigue state, per group.
    public var fatigue = PerGroup(multifidus: FatigueState.rested, longissimus: .rested, iliocostalis: .rested)
    public var activation: Double
    /// Flexibility gained by stretching, deg.
    public var slrGainDeg = 0.0
    public var lumbarRomGainDeg = 0.0
    /// Effect of manual therapy on symptoms (pain, disability), 0…1: full after a session, fading over weeks.
    public var manualEffect = 0.0
    /// Effect of manual therapy on tone and passive stiffness, 0…1: full after a session, gone within days.
    public var manualTone = 0.0
    /// Aerobic conditioning, 0…1.
    public var fitness = 0.0
    /// Exercise conditioning that lowers pain, 0…1.
    public var conditioning = 0.0
    /// Today's relief from postural fatigue relative to the usual sitting day, 0…1.
    public var posturalRelief = 0.0
    /// The subject's multiplier on treatment effects on pain (log-normal across subjects).
    public var responder = 1.0
    /// The multiplier on treatment effects on disability: log-normal like ``responder`` and correlated with it.
    public var odiResponder = 1.0
    /// The subject's fatigue-rate scale (``SubjectParameters/fatigability``), which fatigue parameters read.
    public var fatigability: Double
    /// Pain and disability the subject settles at without treatment (regression to the mean).
    public var painLongRun: Double
    public var odiLongRun: Double
    /// Days since the start of the regimen.
    public var day = 0

    /// The untrained, rested state a subject starts in; long-run pain as the subject's own baseline.
    public init(baselineOf subject: SubjectParameters) {
        fatigability = subject.fatigability
        baselineCsaCm2 = subject.csaCm2
        activation = subject.activationCapacity
        painLongRun = subject.painVAS
        odiLongRun = subject.odi
    }

    /// Current cross-sectional area per side, cm².
    public var csaCm2: PerGroup<Double> {
        PerGroup { baselineCsaCm2[$0] * atrophy[$0] * (1 + hypertrophy[$0]) }
    }

    /// Realised neural adaptation at an angle, linear between nodes.
    public func neuralLevel(atDeg angle: Double) -> Double {
        let step = Self.neuralNodesDeg[1] - Self.neuralNodesDeg[0]
        let position = min(max(angle / step, 0), Double(Self.neuralNodesDeg.count - 1))
        let lower = min(Int(position), Self.neuralNodesDeg.count - 2)
        let t = position - Double(lower)
        return neural[lower] * (1 - t) + neural[lower + 1] * t
    }
}
