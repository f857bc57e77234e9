import Device
import Physiology

extension CourseOfCare {
    /// Runs a group of subjects through `arm` in lockstep, day by day, so that each test visit tests the whole
    /// group at once through the device's SIMD batch path (``IsometricBatch``). Every subject's visits equal
    /// (==) those of ``run(subject:arm:seed:cohortPain:cohortODI:participation:)`` with the same `participation`:
    /// the same streams, the same operations, and the training that follows a test starts from that subject's own
    /// result. The whole group shares `participation`.
    ///
    /// `cohortPain[i]`/`cohortODI[i]` are the cohort means subject `i` regresses towards.
    public func run(subjects: [SubjectParameters], arm: Arm, seed: UInt64, cohortPain: [Double], cohortODI: [Double],
                    participation: Participation = .full) -> [[Visit]] {
        precondition(cohortPain.count == subjects.count && cohortODI.count == subjects.count, "one cohort mean per subject")
        var states = subjects.indices.map {
            startState(subject: subjects[$0], seed: seed, cohortPain: cohortPain[$0], cohortODI: cohortODI[$0])
        }
        guard let regimen = arm.regimen else {
            return testVisits(subjects: subjects, states: states, week: 0, index: 0, arm: arm, seed: seed,
                              attended: Array(repeating: 0, count: subjects.count)).map { [$0] }
        }
        let schedule = self.schedule(regimen, participation: participation)
        var trainings = Array(repeating: StrengthTraining(), count: subjects.count)
        var visits = Array(repeating: [Visit](), count: subjects.count)
        var attended = Array(repeating: 0, count: subjects.count)
        var tests = 0
        for day in 0...schedule.totalDays {
            if schedule.testDays.contains(day) {
                let today = testVisits(subjects: subjects, states: states, week: day / 7, index: tests, arm: arm, seed: seed,
                                       attended: attended)
                tests += 1
                for i in subjects.indices {
                    var visit = today[i]
                    visit.record(trainings[i])
                    visits[i].append(visit)
                    trainings[i].lastTest = visit.isometric
                }
            }
            guard day < schedule.totalDays else { break }
            for i in subjects.indices {
                careDay(day, regimen: regimen, schedule: schedule, attends: participation.attends, state: &states[i],
                        subject: subjects[i], training: &trainings[i], attended: &attended[i])
            }
        }
        return visits
    }

    /// One test visit of the whole group: a single batched device test, then each subject's other outcomes.
    private func testVisits(subjects: [SubjectParameters], states: [SubjectState], week: Int, index: Int, arm: Arm,
                            seed: UInt64, attended: [Int]) -> [Visit] {
        let session = Self.session(week: week, index: index, arm: arm)
        let tested = subjects.indices.map { onTestDay(states[$0], subject: subjects[$0], seed: seed, week: week) }
        let tests = instrument == .sampled
            ? batch.run(subjects: subjects, states: tested, seed: seed, session: session)
            : subjects.indices.map { test.truePeaks(subject: subjects[$0], state: tested[$0]) }
        return subjects.indices.map {
            measure(subject: subjects[$0], state: states[$0], week: week, session: session, seed: seed,
                    attended: attended[$0], isometric: tests[$0])
        }
    }
}
