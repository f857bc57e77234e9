import Physiology

/// Subjects built by hand (not sampled), so a test's expected values can be worked out from their traits.
public enum TestSubjects {
    /// A mid-sized man with the healthy cohort's mean traits; `csaScale` scales all three muscles' CSA.
    public static func typical(id: Int = 0, csaScale: Double = 1, model: TorqueModel = TestData.torque) -> SubjectParameters {
        SubjectParameters(id: id, sex: .male, ageY: 49, heightCm: 170, massKg: 70, torsoMassKg: 42, torsoComCm: 22,
                          csaCm2: PerGroup(multifidus: 8.9 * csaScale, longissimus: 12 * csaScale, iliocostalis: 8 * csaScale),
                          fatFraction: model.groupFatFractions(subjectFatFraction: 0.1),
                          specificTensionNcm2: 114.4, activationCapacity: 0.92, momentArmScale: 1, passiveScale: 1,
                          lumbarRomDeg: 80, slrDeg: 75, painVAS: 3, odi: 2, clbp: false)
    }

    /// `count` subjects whose sizes, strength and (with `clbp`) inhibition and range vary in a fixed pattern.
    public static func varied(_ count: Int, clbp: Bool, model: TorqueModel = TestData.torque) -> [SubjectParameters] {
        (0..<count).map { id in
            let scale = 0.7 + 0.6 * Double(id % 13) / 12
            return SubjectParameters(id: 1000 + id, sex: id % 3 == 0 ? .female : .male, ageY: 40, heightCm: 160 + Double(id % 20),
                                     massKg: 60 + Double(id % 30), torsoMassKg: 36 + Double(id % 17), torsoComCm: 21,
                                     csaCm2: PerGroup(multifidus: 8 * scale, longissimus: 11 * scale, iliocostalis: 7 * scale),
                                     fatFraction: model.groupFatFractions(subjectFatFraction: 0.1 + 0.01 * Double(id % 7)),
                                     specificTensionNcm2: 100 + Double(id % 11), activationCapacity: 0.9, momentArmScale: 1,
                                     passiveScale: 1, extensionInhibition: clbp ? 0.06 : 0,
                                     lumbarRomDeg: clbp ? 55 + Double(id % 25) : 80, slrDeg: 70, painVAS: 40, odi: 30, clbp: clbp)
        }
    }
}
