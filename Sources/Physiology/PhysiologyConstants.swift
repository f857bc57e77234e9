import LumbarDatasets

/// Population-level constants of the torque model, decoded from `Datasets/physiology/lumbar-extensors.yaml`.
/// The file's header states the model equations these constants enter.
public struct PhysiologyConstants: Decodable, Sendable, QuantityValidating, ModelParameterFile {
    public struct Group: Decodable, Sendable {
        public var momentArmCm: Quantity
        public var momentArmLossAt72: Quantity
        public var fatSusceptibility: Quantity

        enum CodingKeys: String, CodingKey {
            case momentArmCm = "moment_arm_cm", momentArmLossAt72 = "moment_arm_loss_at_72", fatSusceptibility = "fat_susceptibility"
        }
    }

    public struct ForceVelocity: Decodable, Sendable {
        public var maxVelocityDegPerS: Quantity
        public var concentricCurvature: Quantity
        public var eccentricMax: Quantity
        enum CodingKeys: String, CodingKey {
            case maxVelocityDegPerS = "max_velocity_deg_s", concentricCurvature = "concentric_curvature", eccentricMax = "eccentric_max"
        }
    }

    public struct Passive: Decodable, Sendable {
        public var slackFlexionDeg: Quantity
        public var torqueAt72Nm: Quantity
        public var stiffnessExponent: Quantity
        enum CodingKeys: String, CodingKey {
            case slackFlexionDeg = "slack_flexion_deg", torqueAt72Nm = "torque_at_72_Nm", stiffnessExponent = "stiffness_exponent"
        }
    }

    public struct Torso: Decodable, Sendable {
        public var massFraction: Quantity
        public var comHeightFraction: Quantity
        enum CodingKeys: String, CodingKey { case massFraction = "mass_fraction", comHeightFraction = "com_height_fraction" }
    }

    /// The body-weight extension hold: the lumbar angle it is held at and the time it is stopped at.
    public struct BodyWeightHold: Decodable, Sendable {
        public var angleDeg: Quantity
        public var maxDurationS: Quantity
        enum CodingKeys: String, CodingKey { case angleDeg = "angle_deg", maxDurationS = "max_duration_s" }
    }

    public var referenceHeightCm: Quantity
    public var referenceMassKg: Quantity
    public var groups: PerGroup<Group>
    public var forceVelocity: ForceVelocity
    public var passive: Passive
    public var torso: Torso
    public var bodyWeightHold: BodyWeightHold

    enum CodingKeys: String, CodingKey {
        case referenceHeightCm = "reference_height_cm", referenceMassKg = "reference_mass_kg", groups
        case forceVelocity = "force_velocity", passive, torso, bodyWeightHold = "body_weight_hold"
    }

    public static let datasetPath = "physiology/lumbar-extensors.yaml"

    public static func load(from store: DatasetStore) throws -> PhysiologyConstants {
        try store.decode(PhysiologyConstants.self, from: datasetPath)
    }

    public func validateQuantities(path: String) throws {
        var checks: [(String, Quantity)] = [
            ("reference_height_cm", referenceHeightCm), ("reference_mass_kg", referenceMassKg),
            ("force_velocity.max_velocity_deg_s", forceVelocity.maxVelocityDegPerS),
            ("force_velocity.concentric_curvature", forceVelocity.concentricCurvature),
            ("force_velocity.eccentric_max", forceVelocity.eccentricMax),
            ("passive.slack_flexion_deg", passive.slackFlexionDeg), ("passive.torque_at_72_Nm", passive.torqueAt72Nm),
            ("passive.stiffness_exponent", passive.stiffnessExponent),
            ("torso.mass_fraction", torso.massFraction), ("torso.com_height_fraction", torso.comHeightFraction),
            ("body_weight_hold.angle_deg", bodyWeightHold.angleDeg), ("body_weight_hold.max_duration_s", bodyWeightHold.maxDurationS),
        ]
        for group in ExtensorGroup.allCases {
            let g = groups[group]
            checks += [("groups.\(group.rawValue).moment_arm_cm", g.momentArmCm),
                       ("groups.\(group.rawValue).moment_arm_loss_at_72", g.momentArmLossAt72),
                       ("groups.\(group.rawValue).fat_susceptibility", g.fatSusceptibility)]
        }
        for (name, quantity) in checks { try quantity.validate(at: name) }
        let positive = [("reference_height_cm", referenceHeightCm.value), ("reference_mass_kg", referenceMassKg.value),
                        ("force_velocity.max_velocity_deg_s", forceVelocity.maxVelocityDegPerS.value),
                        ("force_velocity.concentric_curvature", forceVelocity.concentricCurvature.value),
                        ("passive.stiffness_exponent", passive.stiffnessExponent.value),
                        ("body_weight_hold.max_duration_s", bodyWeightHold.maxDurationS.value)]
        for (name, value) in positive where value <= 0 {
            throw DatasetError.invalidValue(path: name, reason: "must be > 0")
        }
        for group in ExtensorGroup.allCases where !(0..<1).contains(groups[group].momentArmLossAt72.value) {
            throw DatasetError.invalidValue(path: "groups.\(group.rawValue).moment_arm_loss_at_72", reason: "must be in [0, 1)")
        }
        guard (0...TorqueModel.maxFlexionDeg).contains(bodyWeightHold.angleDeg.value) else {
            throw DatasetError.invalidValue(path: "body_weight_hold.angle_deg", reason: "must be in [0, 72]")
        }
        guard (0..<72).contains(passive.slackFlexionDeg.value) else {
            throw DatasetError.invalidValue(path: "passive.slack_flexion_deg", reason: "must be in [0, 72)")
        }
    }
}
