import LumbarSim
import XCTest

/// The code of the getting-started article (Sources/Umbrella/LumbarSim.docc/GettingStarted.md), which
/// `scripts/docs.sh` copies from the regions marked `snippet: NAME` below, so that the article's code is compiled and
/// run. The assertions are the article's claims and the model's documented properties: strength training raises
/// every subject's torque, most at full extension; the trial's strengthening arm is stronger
/// than control at follow-up.
final class GettingStartedTests: XCTestCase {
    func testSmallCohortThroughARegimen() throws {
        // snippet: cohort
        // The bundled healthy cohort, the MedX-style device, and 12 weeks of core strengthening.
        let setup = try RunSetup(cohort: "healthy-adults", device: "medx-lumbar-extension",
                                 regimens: ["core-strengthening"])
        let runner = try setup.runner(settings: setup.deviceSettings(), seed: 1)
        let outcomes = try runner.run(count: 8, threads: 2)  // the same numbers on any number of threads

        for outcome in outcomes.prefix(3) {
            let visits = outcome.arms[0]  // the one arm: one visit per test week
            let before = visits.first!.isometric.reportedPeak(atDeg: 0)!
            let after = visits.last!.isometric.reportedPeak(atDeg: 0)!
            print("subject \(outcome.subject.id): \(before) -> \(after) N·m at 0° (week \(visits.last!.week))")
        }
        // end
        XCTAssertEqual(outcomes.count, 8)
        func gain(_ o: SubjectOutcome, atDeg angle: Double) -> Double {
            o.arms[0].last!.isometric.reportedPeak(atDeg: angle)! / o.arms[0][0].isometric.reportedPeak(atDeg: angle)!
        }
        for o in outcomes {
            XCTAssertGreaterThan(gain(o, atDeg: 0), 1, "12 weeks of ILEX raise subject \(o.subject.id)'s full-extension torque")
            XCTAssertGreaterThan(gain(o, atDeg: 0), gain(o, atDeg: 72), "gains are largest at full extension (the curve flattens)")
        }
    }

    func testSmallTrial() throws {
        // snippet: trial
        // A two-arm trial on the CLBP cohort: control (the reference) against core strengthening.
        let setup = try TrialSetup(cohorts: ["clbp-adults"], device: "medx-lumbar-extension",
                                   arms: ["control", "core-strengthening"])
        let defaults = setup.defaults  // Datasets/trials/defaults.yaml: adherence, dropout, alpha, ...
        let design = TrialDesign(
            arms: setup.run.regimens, reference: 0, perArm: 20, randomisation: .stratified,
            blockMultiples: defaults.blockMultiples.values,
            participation: ParticipationModel(meanAdherence: defaults.adherence.value,
                                              concentration: defaults.adherenceConcentration,
                                              dropout: defaults.dropout.value),
            followUpWeeks: 12, instrument: .ideal, alpha: defaults.alpha.value)
        let result = try TrialRunner(setup: setup, design: design, settings: setup.run.deviceSettings(), seed: 1)
            .run(threads: 2)
        let analysis = TrialAnalysis(result, responders: defaults.responders)

        let torque = analysis.row(.torqueMean, arm: 1)!.effect!  // ANCOVA: follow-up ~ arm + baseline + stratum
        print("mean torque, core-strengthening - control: \(torque.estimate) N·m (\(torque.ciLow) to \(torque.ciHigh)), p = \(torque.pValue)")
        // end
        XCTAssertEqual(result.subjects.count, 40)
        XCTAssertGreaterThan(torque.ciLow, 0, "strength training beats usual care on torque")
        XCTAssertLessThan(torque.pValue, 0.05)
    }
}
