import Device
import Foundation
import LumbarDatasets
import LumbarNumerics
import Physiology
import Regimens

/// What is measured at a test visit besides torque.
public struct VisitOutcomes: Sendable, Equatable {
    public var csaCm2: PerGroup<Double>
    /// Time a 50 % MVC isometric hold can be sustained (3CC-r, current conditioning), s.
    public var endurance50S: Double
    /// Time the body-weight extension hold (Biering-Sørensen style) lasts: an absolute load, so it grows with
    /// strength, s.
    public var enduranceBodyWeightS: Double
    public var lumbarRomDeg: Double
    public var slrDeg: Double
    /// Pain and ODI as rated at the visit (true value plus rating noise), 0–100.
    public var painVAS: Double
    public var odi: Double
    /// Sessions of care so far, every kind counted (a day with walking and stretching counts two).
    public var sessionsAttended: Int
    /// Dynamic machine sets done so far and the repetitions they reached (what drove the training stimulus).
    public var dynamicSets = 0
    public var dynamicReps = 0
    /// Day (1…365) of the first new LBP episode or flare-up in the 12 months after the visit; nil if none.
    public var recurrenceDay: Int?

    /// Whether an episode or flare-up comes within 12 months of the visit.
    public var recurrence12m: Bool { recurrenceDay != nil }
}

/// One test visit: the week, the device's isometric test and the other outcomes.
public struct Visit: Sendable, Equatable {
    public var week: Int
    public var isometric: IsometricResult
    public var outcomes: VisitOutcomes
}

/// One arm of a simulation: a regimen's name and schedule, or the baseline test alone.
public struct Arm: Sendable {
    public let name: String
    public let regimen: Regimen?
    /// Keys the arm's random streams by its name, so an arm's results never depend on which other arms run.
    let key: UInt32

    public static let baselineName = "baseline"

    public init(regimen: Regimen) {
        name = regimen.name
        self.regimen = regimen
        key = Self.key(regimen.name)
    }

    /// Only the week-0 test.
    public static let baseline = Arm(name: baselineName)

    private init(name: String) {
        self.name = name
        regimen = nil
        key = Self.key(name)
    }

    static func key(_ name: String) -> UInt32 {
        var hash = ParameterHash()
        hash.add(Array(name.utf8))
        return UInt32(truncatingIfNeeded: hash.value) & 0xFFFF
    }
}

/// A subject's course through one arm, day by day: sessions change the subject's state through Physiology,
/// the device tests on the regimen's test weeks. Every random draw comes from the subject's own streams.
public struct CourseOfCare: Sendable {
    /// How test visits measure torque: through the sampled load-cell chain, or ideally (the model's true peaks,
    /// no sampling) — the fast, noise-free path calibration fits through.
    public enum Instrument: Sendable { case sampled, ideal }

    public let physiology: PhysiologyModel
    public let test: IsometricTest
    public let instrument: Instrument
    /// The test's batch path, made once: its effort profile is computed when it is made (once per visit was 0.3 % of
    /// a subject's work).
    let batch: IsometricBatch
    /// End-of-day postural fatigue of each distinct sitting day the regimens prescribe, and of the usual day.
    let posturalFatigue: [PosturalDay: Double]
    let usualDay: PosturalDay

    public init(physiology: PhysiologyModel, test: IsometricTest, arms: [Arm], instrument: Instrument = .sampled) {
        self.physiology = physiology
        self.test = test
        self.instrument = instrument
        batch = IsometricBatch(test: test)
        let p = physiology.adaptation
        usualDay = .usual(p)
        var days: Set<PosturalDay> = [usualDay]
        for regimen in arms.compactMap(\.regimen) {
            for phase in regimen.phases where phase.sessionsPerWeek(for: .postural) > 0 {
                if let dose = phase.postural { days.insert(PosturalDay(prescription: dose, p)) }
            }
        }
        let rates = physiology.fatigue.parameters
        posturalFatigue = Dictionary(uniqueKeysWithValues: days.map { ($0, $0.endOfDayFatigue(rates, p)) })
    }

    /// Runs `subject` through `arm`; `cohortPain`/`cohortODI` are the cohort means that enrolment values
    /// regress towards. `participation` says which sessions the subject attends and when they are tested.
    public func run(subject: SubjectParameters, arm: Arm, seed: UInt64, cohortPain: Double, cohortODI: Double,
                    participation: Participation = .full) -> [Visit] {
        var state = startState(subject: subject, seed: seed, cohortPain: cohortPain, cohortODI: cohortODI)
        guard let regimen = arm.regimen else {
            return [visit(subject: subject, state: state, week: 0, index: 0, arm: arm, seed: seed, attended: 0)]
        }
        let schedule = self.schedule(regimen, participation: participation)
        var training = StrengthTraining()
        var visits: [Visit] = []
        var attended = 0
        for day in 0...schedule.totalDays {
            if schedule.testDays.contains(day) {
                let week = day / 7
                var visit = visit(subject: subject, state: state, week: week, index: visits.count, arm: arm, seed: seed, attended: attended)
                visit.record(training)
                visits.append(visit)
                training.lastTest = visits.last?.isometric
            }
            guard day < schedule.totalDays else { break }
            careDay(day, regimen: regimen, schedule: schedule, attends: participation.attends, state: &state, subject: subject,
                    training: &training, attended: &attended)
        }
        return visits
    }

    /// A subject's state on enrolment, before day 0 of any arm.
    func startState(subject: SubjectParameters, seed: UInt64, cohortPain: Double, cohortODI: Double) -> SubjectState {
        let p = physiology.adaptation
        var state = SubjectState(baselineOf: subject)
        state.painLongRun = cohortPain + p.regressionReliability * (subject.painVAS - cohortPain)
        state.odiLongRun = cohortODI + p.regressionReliability * (subject.odi - cohortODI)
        // The subject's responsiveness is a trait of the subject, the same in every arm.
        var response = RandomStream(seed: seed, address: .regimenResponse(subject: subject.id))
        let painZ = response.nextNormal()
        state.responder = exp(p.responderSD * painZ - 0.5 * p.responderSD * p.responderSD)
        var disability = RandomStream(seed: seed, address: .disabilityResponse(subject: subject.id))
        let rho = p.odiResponderCorrelation
        let odiZ = rho * painZ + (1 - rho * rho).squareRoot() * disability.nextNormal()
        state.odiResponder = exp(p.responderSD * odiZ - 0.5 * p.responderSD * p.responderSD)
        return state
    }

    /// A regimen's calendar, worked out once per course or lockstep group rather than per subject and day: each
    /// day's phase, kinds of session and postural relief, then the test days and the length. (Looking the sessions
    /// up per subject and day in a dictionary of sets, and the relief in a dictionary of days, was the engine's
    /// hashing cost.)
    struct Schedule {
        /// Day d of the course: the phase in force (an index into the regimen's phases; nil after the last phase),
        /// the kinds of session scheduled (bit i for `DoseKind.allCases[i]`) and the day's postural relief.
        struct Day {
            let phase: Int?
            let doses: UInt8
            let posturalRelief: Double
        }

        let days: [Day]
        let testDays: Set<Int>
        let totalDays: Int

        /// The participation's test weeks and length override the regimen's; after the regimen's last phase the
        /// days are usual care. `relief` is the postural relief of a day's ergonomic settings (nil: the usual day).
        init(_ regimen: Regimen, participation: Participation, relief: (PosturalDose?) -> Double) {
            testDays = Set((participation.testWeeks ?? regimen.testWeeks).map { $0 * 7 })
            totalDays = (participation.weeks ?? regimen.totalWeeks) * 7
            var doses = [UInt8](repeating: 0, count: totalDays)
            for (bit, kind) in DoseKind.allCases.enumerated() {
                for day in regimen.sessionDays(for: kind) where day < totalDays { doses[day] |= 1 << bit }
            }
            days = (0..<totalDays).map {
                Day(phase: regimen.phase(atDay: $0)?.index, doses: doses[$0], posturalRelief: relief(regimen.dailyPostural(atDay: $0)))
            }
        }
    }

    /// The calendar of `regimen` for this course's postural days.
    func schedule(_ regimen: Regimen, participation: Participation) -> Schedule {
        let p = physiology.adaptation
        let usual = posturalFatigue[usualDay] ?? 0
        return Schedule(regimen, participation: participation) { dose in
            let postural = dose.map { PosturalDay(prescription: $0, p) } ?? usualDay
            return usual > 0 ? max(0, 1 - (posturalFatigue[postural] ?? usual) / usual) : 0
        }
    }

    /// One day of care after the day's test visit: the sessions the subject attends, then a day of recovery. After
    /// the regimen's last phase there are no sessions (usual care).
    func careDay(_ day: Int, regimen: Regimen, schedule: Schedule, attends: (Int, DoseKind) -> Bool, state: inout SubjectState,
                 subject: SubjectParameters, training: inout StrengthTraining, attended: inout Int) {
        let today = schedule.days[day]
        state.posturalRelief = today.posturalRelief
        if today.doses != 0, let phase = today.phase.map({ regimen.phases[$0] }) {
            for (bit, dose) in DoseKind.allCases.enumerated() where today.doses & (1 << bit) != 0 && attends(day, dose) {
                attended += 1
                apply(dose, phase: phase, to: &state, subject: subject, training: &training)
            }
        }
        let rates = physiology.fatigueParameters(for: state)
        for group in ExtensorGroup.allCases { state.fatigue[group].advance(targetLoad: 0, seconds: 86_400, parameters: rates) }
        state.advanceDay(subject: subject, physiology.adaptation)
    }

    private func apply(_ dose: DoseKind, phase: Phase, to state: inout SubjectState, subject: SubjectParameters,
                       training: inout StrengthTraining) {
        let p = physiology.adaptation
        switch dose {
        case .core:
            if let core = phase.core { training.session(core, state: &state, subject: subject, physiology: physiology) }
        case .stretching:
            if let stretching = phase.stretching {
                let lumbar = stretching.stretches.contains { $0 != .hamstring }
                state.stretchingSession(hamstring: stretching.stretches.contains(.hamstring), lumbar: lumbar,
                                        holdS: stretching.holdSeconds, p)
            }
        case .manualTherapy:
            if let manual = phase.manualTherapy { state.manualTherapySession(minutes: manual.minutes, p) }
        case .aerobics:
            if let aerobics = phase.aerobics {
                let modality: Double = switch aerobics.modality {
                case .waterTherapy: p.waterTherapyFactor
                case .cycling: p.cyclingFactor
                case .walking, .swimming, .elliptical: 1
                }
                let dose = aerobics.minutes / p.aerobicReferenceMinutes * aerobics.intensity / p.aerobicReferenceIntensity * modality
                state.aerobicSession(dose: dose, p)
            }
        case .postural:
            break  // coaching sessions; the ergonomic settings act every day through posturalRelief
        }
    }

    /// The test visit: the device's isometric test and the other outcomes, with rating noise.
    func visit(subject: SubjectParameters, state: SubjectState, week: Int, index: Int, arm: Arm, seed: UInt64, attended: Int) -> Visit {
        let session = Self.session(week: week, index: index, arm: arm)
        var noise = RandomStream.deviceNoise(seed: seed, subject: subject.id, session: session)
        let tested = onTestDay(state, subject: subject, seed: seed, week: week)
        let isometric = instrument == .sampled ? test.run(subject: subject, state: tested, rng: &noise)
                                               : test.truePeaks(subject: subject, state: tested)
        return measure(subject: subject, state: state, week: week, session: session, seed: seed, attended: attended, isometric: isometric)
    }

    /// The state the device tests at a visit: maximal voluntary activation varies from day to day (one lognormal
    /// factor per visit, mean 1, common to the angles), which is most of a strength test's test-retest error.
    /// The factor belongs to the subject's calendar week, not the arm: under `simulate`, where every subject
    /// runs every arm, arms are compared on the same test days (common random numbers).
    func onTestDay(_ state: SubjectState, subject: SubjectParameters, seed: UInt64, week: Int) -> SubjectState {
        Self.onTestDay(state, subject: subject, seed: seed, week: week, effortDaySD: physiology.adaptation.effortDaySD)
    }

    /// The draws of a subject's test day in calendar week `week`: the effort factor first, then measurement errors.
    static func testDayStream(subject: SubjectParameters, seed: UInt64, week: Int) -> RandomStream {
        RandomStream(seed: seed, address: .testDay(subject: subject.id, week: week))
    }

    /// The same for callers without a course (`device test` of a cohort's subject at week 0).
    public static func onTestDay(_ state: SubjectState, subject: SubjectParameters, seed: UInt64, week: Int,
                                 effortDaySD sd: Double) -> SubjectState {
        guard sd > 0 else { return state }
        var day = testDayStream(subject: subject, seed: seed, week: week)
        var tested = state
        tested.activation *= exp(sd * day.nextNormal() - 0.5 * sd * sd)
        return tested
    }

    /// The week-0 visits of many subjects at once, through the SIMD batch path of the device; identical to
    /// running each subject's baseline arm alone.
    public func baselineVisits(subjects: [SubjectParameters], seed: UInt64) -> [Visit] {
        let states = subjects.map(SubjectState.init(baselineOf:))
        let tested = zip(subjects, states).map { onTestDay($1, subject: $0, seed: seed, week: 0) }
        let tests = instrument == .sampled
            ? batch.run(subjects: subjects, states: tested, seed: seed, session: 0)
            : zip(subjects, tested).map { test.truePeaks(subject: $0, state: $1) }
        return zip(subjects, zip(states, tests)).map { subject, pair in
            measure(subject: subject, state: pair.0, week: 0, session: 0, seed: seed, attended: 0, isometric: pair.1)
        }
    }

    /// The device-noise session of a test visit. Week 0 is the same visit in every arm (same subject, same
    /// baseline test); later visits are the arm's own.
    static func session(week: Int, index: Int, arm: Arm) -> Int {
        StreamAddress.testSession(week: week, index: index, armKey: arm.key)
    }

    /// The other outcomes of a visit, around its isometric test.
    func measure(subject: SubjectParameters, state: SubjectState, week: Int, session: Int, seed: UInt64, attended: Int,
                         isometric: IsometricResult) -> Visit {
        var rating = RandomStream(seed: seed, address: .ratings(subject: subject.id, session: session))
        let p = physiology.adaptation
        let endurance = FatigueState.enduranceTime(targetLoad: 0.5, parameters: physiology.fatigueParameters(for: state))
        let pain = min(100, max(0, state.pain(subject, p) + p.painMeasurementSD * rating.nextNormal()))
        let odi = min(100, max(0, state.odi(subject, p) + p.odiMeasurementSD * rating.nextNormal()))
        // Measurement error of the measured outcomes, from the visit's calendar-week stream after its effort factor
        // (``onTestDay(_:subject:seed:week:)``): like the effort, it belongs to the test day, not to the arm.
        var day = Self.testDayStream(subject: subject, seed: seed, week: week)
        for _ in 0..<StreamAddress.testDayEffortDraws { _ = day.nextNormal() }
        let csa = PerGroup { state.csaCm2[$0] * (1 + p.csaMeasurementSD * day.nextNormal()) }
        let rom = state.lumbarRomDeg(subject) + p.romMeasurementSDDeg * day.nextNormal()
        let slr = state.slrDeg(subject) + p.slrMeasurementSDDeg * day.nextNormal()
        let measuredEndurance = max(0, endurance + p.enduranceMeasurementSDS * day.nextNormal())
        // Drawn after the outcomes above, so adding it left their values unchanged.
        let bodyWeightHold = physiology.bodyWeightHoldS(subject: subject, state: state)
        let measuredHold = min(physiology.bodyWeightHoldMaxS, max(0, bodyWeightHold + p.enduranceMeasurementSDS * day.nextNormal()))
        var recurrence = RandomStream(seed: seed, address: .recurrence(subject: subject.id))
        let outcomes = VisitOutcomes(csaCm2: csa, endurance50S: measuredEndurance, enduranceBodyWeightS: measuredHold,
                                     lumbarRomDeg: rom, slrDeg: slr, painVAS: pain, odi: odi, sessionsAttended: attended,
                                     recurrenceDay: state.recurrenceDay(u: recurrence.nextUniform(), p))
        return Visit(week: week, isometric: isometric, outcomes: outcomes)
    }
}
