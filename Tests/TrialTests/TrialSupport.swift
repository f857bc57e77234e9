import Course
import Trial
import XCTest

/// Trials for the tests: bundled data, small sizes, and the ideal instrument unless a test needs the load cell.
enum TrialFixture {
    static func setup(arms: [String], cohorts: [String] = ["clbp-adults"]) throws -> TrialSetup {
        try TrialSetup(cohorts: cohorts, device: "medx-lumbar-extension", arms: arms)
    }

    static func design(_ setup: TrialSetup, perArm: Int, scheme: RandomisationScheme = .stratified,
                       instrument: CourseOfCare.Instrument = .ideal, adherence: Double? = nil, dropout: Double? = nil,
                       followUpWeeks: Int = 12) -> TrialDesign {
        let d = setup.defaults
        return TrialDesign(
            arms: setup.run.regimens, reference: 0, perArm: perArm, randomisation: scheme, blockMultiples: d.blockMultiples.values,
            participation: ParticipationModel(meanAdherence: adherence ?? d.adherence.value, concentration: d.adherenceConcentration,
                                              dropout: dropout ?? d.dropout.value),
            followUpWeeks: followUpWeeks, instrument: instrument, alpha: d.alpha.value)
    }

    static func run(_ setup: TrialSetup, _ design: TrialDesign, seed: UInt64 = 1, threads: Int = 2) throws -> TrialResult {
        let settings = try setup.run.deviceSettings()
        return try TrialRunner(setup: setup, design: design, settings: settings, seed: seed).run(threads: threads)
    }
}
