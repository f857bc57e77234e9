// A study in a user's package: 64 subjects of the bundled healthy cohort tested once on the virtual device. It prints
// every reported peak as the hex of its bits, so that build.sh can compare this build's kernel (portable when
// LumbarSim is a version dependency) with the Haswell build's, bit for bit.
import LumbarSim

let setup = try RunSetup()
let outcomes = try setup.runner(settings: setup.deviceSettings(), seed: 1).run(count: 64, threads: 2)
for outcome in outcomes {
    let peaks = outcome.baseline.reportedPeakNm.map { String($0.bitPattern, radix: 16) }
    print(([String(outcome.subject.id)] + peaks).joined(separator: ","))
}
