// The CI gate's second fixed workload (.ci/bench-gate): a lockstep batch of 16 clbp-adults subjects through the
// 12-week core-strengthening regimen, tests sampled through the device (weeks 0, 6 and 12), as simulate runs a
// chunk. Under callgrind the gate counts the instructions of `lockstepCourse` minus those of SamplingKernel.run
// (callgrind toggles collection at each entry of either symbol, so the kernel's share is left out): the course's
// own part (physiology, training, test assembly), which the kernel gate does not see.
//
// Unlike kernel-work it reads the model from Datasets/ (the physiology lives in data): a change of the model's
// parameters can move its count, and then the baseline is updated with the change.
import Cohort
import Course
import Device
import Foundation
import Physiology
import StudySetup

let subjects = 16, seed: UInt64 = 1

/// The measured region. Out of line, with no closures inside, so that its symbol is entered exactly once.
/// `twice` (.ci/bench-drill, through LUMBARSIM_SLOW_COURSE_DRILL in the environment) runs the batch a second time:
/// a regression of the course's own part that the gate must catch, without a build of its own.
@inline(never)
func lockstepCourse(_ course: CourseOfCare, subjects: [SubjectParameters], arm: Arm, pain: [Double], odi: [Double],
                    twice: Bool) -> [[Visit]] {
    if twice { _ = course.run(subjects: subjects, arm: arm, seed: seed &+ 1, cohortPain: pain, cohortODI: odi) }
    return course.run(subjects: subjects, arm: arm, seed: seed, cohortPain: pain, cohortODI: odi)
}

do {
    let setup = try RunSetup(cohort: "clbp-adults", regimens: ["core-strengthening"])
    let test = try IsometricTest(settings: try setup.deviceSettings(), model: setup.model)
    let course = CourseOfCare(physiology: setup.physiology, test: test, arms: setup.arms, instrument: .sampled)
    let group = try (0..<subjects).map { try setup.sampler.subject(id: $0, seed: seed) }
    let pain = group.map { setup.sampler.traitMean("pain_vas", sex: $0.sex) }
    let odi = group.map { setup.sampler.traitMean("odi", sex: $0.sex) }
    let twice = ProcessInfo.processInfo.environment["LUMBARSIM_SLOW_COURSE_DRILL"] != nil
    let visits = lockstepCourse(course, subjects: group, arm: setup.arms[0], pain: pain, odi: odi, twice: twice)
    let peaks = visits.joined().map { $0.isometric.reportedPeakNm.reduce(0, +) }.reduce(0, +)
    print("workload: \(subjects) subjects x core-strengthening 12 weeks, \(visits[0].count) sampled test visits each")
    print("checksum: \(String(peaks.bitPattern, radix: 16))")
} catch {
    print("course-work: \(error)")
    exit(2)
}
