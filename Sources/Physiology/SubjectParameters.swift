/// Biological sex as recorded in the output (`F`/`M`); the cohort files give trait distributions per sex.
public enum Sex: String, Codable, Sendable, CaseIterable {
    case female = "F"
    case male = "M"
}

/// What a subject *is*: traits fixed for the whole simulation (the model half of a model/data split).
/// Everything that training, detraining or fatigue changes lives in ``SubjectState`` instead.
public struct SubjectParameters: Codable, Sendable, Equatable {
    public var id: Int
    public var sex: Sex
    public var ageY: Double
    public var heightCm: Double
    public var massKg: Double
    /// Upper-body mass above the machine's axis and its centre-of-mass distance from that axis.
    public var torsoMassKg: Double
    public var torsoComCm: Double
    /// Cross-sectional area per side, cm².
    public var csaCm2: PerGroup<Double>
    /// Fraction of each group's CSA that is fat rather than contractile tissue.
    public var fatFraction: PerGroup<Double>
    public var specificTensionNcm2: Double
    /// Voluntary activation capacity: the fraction of the muscle a maximal effort recruits.
    public var activationCapacity: Double
    public var momentArmScale: Double
    public var passiveScale: Double
    /// Extra loss of voluntary activation at full extension (tapering to none at 72°): pain inhibition in CLBP.
    public var extensionInhibition: Double
    /// Lumbar flexion reachable on the machine; the device tests only angles within it.
    public var lumbarRomDeg: Double
    /// Hamstring flexibility as the straight-leg-raise angle.
    public var slrDeg: Double
    /// Pain (0–100 VAS) and disability (ODI 0–100) at enrolment.
    public var painVAS: Double
    public var odi: Double
    public var clbp: Bool
    /// The subject's fatigue rate F relative to the population's (lognormal, mean 1): drawn apart from the
    /// correlated traits, so that adding it moved none of them.
    public var fatigability = 1.0

    public init(id: Int, sex: Sex, ageY: Double, heightCm: Double, massKg: Double, torsoMassKg: Double,
                torsoComCm: Double, csaCm2: PerGroup<Double>, fatFraction: PerGroup<Double>,
                specificTensionNcm2: Double, activationCapacity: Double, momentArmScale: Double,
                passiveScale: Double, extensionInhibition: Double = 0, lumbarRomDeg: Double, slrDeg: Double,
                painVAS: Double, odi: Double, clbp: Bool) {
        self.id = id
        self.sex = sex
        self.ageY = ageY
        self.heightCm = heightCm
        self.massKg = massKg
        self.torsoMassKg = torsoMassKg
        self.torsoComCm = torsoComCm
        self.csaCm2 = csaCm2
        self.fatFraction = fatFraction
        self.specificTensionNcm2 = specificTensionNcm2
        self.activationCapacity = activationCapacity
        self.momentArmScale = momentArmScale
        self.passiveScale = passiveScale
        self.extensionInhibition = extensionInhibition
        self.lumbarRomDeg = lumbarRomDeg
        self.slrDeg = slrDeg
        self.painVAS = painVAS
        self.odi = odi
        self.clbp = clbp
    }

    /// Subject files may omit `extension_inhibition` (0: no pain-related inhibition) and `fatigability` (1).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        sex = try c.decode(Sex.self, forKey: .sex)
        ageY = try c.decode(Double.self, forKey: .ageY)
        heightCm = try c.decode(Double.self, forKey: .heightCm)
        massKg = try c.decode(Double.self, forKey: .massKg)
        torsoMassKg = try c.decode(Double.self, forKey: .torsoMassKg)
        torsoComCm = try c.decode(Double.self, forKey: .torsoComCm)
        csaCm2 = try c.decode(PerGroup<Double>.self, forKey: .csaCm2)
        fatFraction = try c.decode(PerGroup<Double>.self, forKey: .fatFraction)
        specificTensionNcm2 = try c.decode(Double.self, forKey: .specificTensionNcm2)
        activationCapacity = try c.decode(Double.self, forKey: .activationCapacity)
        momentArmScale = try c.decode(Double.self, forKey: .momentArmScale)
        passiveScale = try c.decode(Double.self, forKey: .passiveScale)
        extensionInhibition = try c.decodeIfPresent(Double.self, forKey: .extensionInhibition) ?? 0
        lumbarRomDeg = try c.decode(Double.self, forKey: .lumbarRomDeg)
        slrDeg = try c.decode(Double.self, forKey: .slrDeg)
        painVAS = try c.decode(Double.self, forKey: .painVAS)
        odi = try c.decode(Double.self, forKey: .odi)
        clbp = try c.decode(Bool.self, forKey: .clbp)
        fatigability = try c.decodeIfPresent(Double.self, forKey: .fatigability) ?? 1
    }

    enum CodingKeys: String, CodingKey {
        case id = "subject_id", sex, ageY = "age_y", heightCm = "height_cm", massKg = "mass_kg"
        case torsoMassKg = "torso_mass_kg", torsoComCm = "torso_com_cm", csaCm2 = "csa_cm2"
        case fatFraction = "fat_fraction", specificTensionNcm2 = "specific_tension_Ncm2"
        case activationCapacity = "activation", momentArmScale = "moment_arm_scale"
        case passiveScale = "passive_scale", extensionInhibition = "extension_inhibition"
        case lumbarRomDeg = "lumbar_rom_deg", slrDeg = "slr_deg", painVAS = "pain_vas", odi, clbp, fatigability
    }

    /// Highest fat fraction a group can carry: even a grade-2 (>50 % fat) muscle keeps some contractile tissue,
    /// and the cap keeps active force positive.
    public static let maxFatFraction = 0.95

    /// Rejects values no real subject can have, naming the field; used for subject files from users.
    public func validate() throws(PhysiologyError) {
        func check(_ name: String, _ value: Double, _ range: ClosedRange<Double>) throws(PhysiologyError) {
            guard value.isFinite, range.contains(value) else {
                throw .invalidParameter(name: name, value: value, allowed: "\(range.lowerBound)...\(range.upperBound)")
            }
        }
        try check("age_y", ageY, 1...120)
        try check("height_cm", heightCm, 50...250)
        try check("mass_kg", massKg, 10...300)
        try check("torso_mass_kg", torsoMassKg, 1...massKg)
        try check("torso_com_cm", torsoComCm, 1...100)
        for group in ExtensorGroup.allCases {
            try check("csa_cm2.\(group.rawValue)", csaCm2[group], 0.1...60)
            try check("fat_fraction.\(group.rawValue)", fatFraction[group], 0...Self.maxFatFraction)
        }
        try check("specific_tension_Ncm2", specificTensionNcm2, 1...400)
        try check("activation", activationCapacity, 0...1)
        try check("moment_arm_scale", momentArmScale, 0.2...3)
        try check("passive_scale", passiveScale, 0...10)
        try check("extension_inhibition", extensionInhibition, 0...1)
        try check("lumbar_rom_deg", lumbarRomDeg, 0...120)
        try check("slr_deg", slrDeg, 0...150)
        try check("pain_vas", painVAS, 0...100)
        try check("odi", odi, 0...100)
    }
}

public enum PhysiologyError: Error, Equatable, CustomStringConvertible {
    case invalidParameter(name: String, value: Double, allowed: String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let allowed):
            return "subject parameter \(name) = \(value) is outside the physiological range \(allowed)"
        }
    }
}
