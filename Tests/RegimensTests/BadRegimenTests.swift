import Foundation
import LumbarDatasets
import Regimens
import XCTest

/// Every bad file fails with one line: the file as the user named it, then the field, then the problem.
final class BadRegimenTests: RegimenFileTestCase {
    /// Loads `yaml` and checks the error is one line reading `<path>: <message>`.
    func assertRejected(_ yaml: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try write(yaml, name: "bad.yaml")
        XCTAssertThrowsError(try Regimen.load(path, from: store), file: file, line: line) { error in
            XCTAssertEqual(String(describing: error), "\(path): \(message)", file: file, line: line)
        }
    }

    /// The two-phase core regimen with `old` replaced by `new` (which must be there).
    func edited(_ old: String, _ new: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        XCTAssertTrue(Self.twoPhaseCore.contains(old), "base has no '\(old)'", file: file, line: line)
        return Self.twoPhaseCore.replacingOccurrences(of: old, with: new)
    }

    func testTheBaseFileIsValid() throws {
        XCTAssertEqual(try load(Self.twoPhaseCore).phases.count, 2)
    }

    func testUnknownKindListsTheKnownOnes() throws {
        try assertRejected(edited("kind: core-strengthening", "kind: yoga"),
                           "field kind: unknown kind 'yoga' (known: core-strengthening, stretching, manual-therapy, "
                               + "postural-ergonomic, low-impact-aerobics, combined, control)")
    }

    /// Found by the fuzz campaign: an unknown key is the user's text, and a 600-character key was quoted whole.
    func testALongUnknownKeyIsNamedByAnExcerpt() throws {
        let key = String(repeating: "k", count: 600)
        try assertRejected(edited("sets: 1\n      reps", "\(key): 1\n      reps"),
                           "field phases[0].core_strengthening.\(key.prefix(DataFile.excerptLength))…: unknown field (known: mode, sets, reps, "
                               + "start_load_fraction, load_increment, tempo_s, rom_deg, to_failure, pelvic_restraint, hold_s, angles_deg, sessions_per_week)")
    }

    func testUnknownFieldsAreNamedWhereTheyAre() throws {
        try assertRejected(edited("sets: 1\n      reps", "setz: 1\n      reps"),
                           "field phases[0].core_strengthening.setz: unknown field (known: mode, sets, reps, start_load_fraction, "
                               + "load_increment, tempo_s, rom_deg, to_failure, pelvic_restraint, hold_s, angles_deg, sessions_per_week)")
        try assertRejected(edited("name: my-core", "name: my-core\nweeks: 12"),
                           "field weeks: unknown field (known: name, kind, description, source, assumption, tests_at_weeks, phases)")
        try assertRejected(edited("{up: 2, down: 4}", "{up: 2, dwn: 4}"),
                           "field phases[0].core_strengthening.tempo_s.dwn: unknown field (known: up, down)")
    }

    func testWeeksMustBePositive() throws {
        try assertRejected(edited("weeks: 10", "weeks: -2"), "field phases[0].weeks: must be within 1-520 weeks, got -2")
        try assertRejected(edited("weeks: 10", "weeks: 0"), "field phases[0].weeks: must be within 1-520 weeks, got 0")
    }

    func testSessionRatesMustBeWithinADayAWeekAndMakeWholeSessions() throws {
        try assertRejected(edited("sessions_per_week: 1\n", "sessions_per_week: -1\n"),
                           "field phases[0].sessions_per_week: must be within 0-7 sessions/week, got -1")
        try assertRejected(edited("sessions_per_week: 1\n", "sessions_per_week: 8\n"),
                           "field phases[0].sessions_per_week: must be within 0-7 sessions/week, got 8")
        try assertRejected(edited("sessions_per_week: 0.25", "sessions_per_week: 0.3"),
                           "field phases[1].sessions_per_week: 0.3 sessions/week over 12 weeks is 3.6 sessions, not a whole number")
        try assertRejected(edited("sessions_per_week: 0.25", "sessions_per_week: 0.00000000001"),
                           "field phases[1].sessions_per_week: 1e-11 sessions/week over 12 weeks gives no session")
    }

    func testRepsLoadsAndAnglesMustBeInRange() throws {
        try assertRejected(edited("reps: [8, 12]", "reps: [12, 8]"),
                           "field phases[0].core_strengthening.reps: must be [min, max] with 1 <= min <= max, got [12, 8]")
        try assertRejected(edited("rom_deg: [0, 72]", "rom_deg: [0, 80]"),
                           "field phases[0].core_strengthening.rom_deg: must be [start, end] within 0-72 deg with start < end, got [0.0, 80.0]")
        try assertRejected(edited("rom_deg: [0, 72]", "rom_deg: [36, 36]"),
                           "field phases[0].core_strengthening.rom_deg: must be [start, end] within 0-72 deg with start < end, got [36.0, 36.0]")
        try assertRejected(edited("start_load_fraction: 0.8", "start_load_fraction: 1.5"),
                           "field phases[0].core_strengthening.start_load_fraction: must be a fraction of the tested maximum within (0, 1.2], got 1.5")
        try assertRejected(edited("angles_deg: [72, 36, 0]", "angles_deg: [72, 36, -12]"),
                           "field phases[1].core_strengthening.angles_deg[2]: must be within 0-72 deg, got -12")
        try assertRejected(edited("hold_s: 6", "hold_s: 6\n      reps: [8, 12]"),
                           "field phases[1].core_strengthening.reps: only for dynamic mode (this block's mode is isometric)")
    }

    func testDosesMustFitTheKind() throws {
        try assertRejected(edited("  - weeks: 12\n", "    stretching: {stretches: [hamstring], hold_s: 30, repetitions: 3}\n  - weeks: 12\n"),
                           "field phases[0].stretching: a core-strengthening regimen carries only core_strengthening "
                               + "(use kind: combined to mix doses)")
        try assertRejected(edited("      mode: isometric", "      sessions_per_week: 0.5\n      mode: isometric"),
                           "field phases[1].core_strengthening.sessions_per_week: only combined regimens give a dose block its own rate; "
                               + "set the phase's sessions_per_week")
        try assertRejected("""
            name: no-dose
            kind: core-strengthening
            description: "sessions without a dose"
            phases:
              - weeks: 12
                sessions_per_week: 1
            """, "field phases[0].core_strengthening: missing: a core-strengthening phase with sessions needs this dose block")
        try assertRejected("""
            name: busy-control
            kind: control
            description: "a control arm with sessions"
            phases:
              - weeks: 12
                sessions_per_week: 1
            """, "field phases[0].sessions_per_week: must be 0: a control regimen is usual care, without sessions")
        try assertRejected("""
            name: empty-combined
            kind: combined
            description: "sessions of nothing"
            phases:
              - weeks: 12
                sessions_per_week: 2
            """, "field phases[0]: a combined phase with sessions needs at least one dose block "
                + "(core_strengthening, stretching, manual_therapy, postural, aerobics)")
    }

    func testACombinedBlockRateMustMakeWholeSessions() throws {
        try assertRejected("""
            name: odd-walks
            kind: combined
            description: "walking at a rate that makes no schedule"
            phases:
              - weeks: 12
                sessions_per_week: 1
                aerobics: {sessions_per_week: 0.3, modality: walking, minutes: 30, intensity: 0.5}
            """, "field phases[0].aerobics.sessions_per_week: 0.3 sessions/week over 12 weeks is 3.6 sessions, not a whole number")
    }

    func testStretchesAreKnownAndListedOnce() throws {
        let yaml = """
            name: stretches
            kind: stretching
            description: "stretches"
            phases:
              - weeks: 6
                sessions_per_week: 5
                stretching: {stretches: LIST, hold_s: 30, repetitions: 3}
            """
        try assertRejected(yaml.replacingOccurrences(of: "LIST", with: "[hamstring, cat-cow, hamstring]"),
                           "field phases[0].stretching.stretches[2]: 'hamstring' is listed twice")
        try assertRejected(yaml.replacingOccurrences(of: "LIST", with: "[hamstring, cobra]"),
                           "field phases[0].stretching.stretches[1]: unknown stretch 'cobra' (known: knee-to-chest, cat-cow, childs-pose, hamstring)")
        try assertRejected(yaml.replacingOccurrences(of: "LIST", with: "[]"), "field phases[0].stretching.stretches: must list at least one stretch")
    }

    func testTestWeeksMustFallInsideTheRegimen() throws {
        try assertRejected(edited("phases:", "tests_at_weeks: [6, 30]\nphases:"),
                           "field tests_at_weeks[1]: week 30 is outside the regimen's weeks 0-22")
        try assertRejected(edited("phases:", "tests_at_weeks: [-1]\nphases:"),
                           "field tests_at_weeks[0]: week -1 is outside the regimen's weeks 0-22")
    }

    func testPhasesMustNotBeEmptyOrMissing() throws {
        let header = "name: nothing\nkind: control\ndescription: \"no phases\"\n"
        try assertRejected(header + "phases: []\n", "field phases: must list at least one phase")
        try assertRejected(header, "field phases: missing")
    }

    func testMalformedYAMLNamesTheFileAndLine() throws {
        let path = try write("name: broken\nkind: [control\ndescription: x\n", name: "broken.yaml")
        XCTAssertThrowsError(try Regimen.load(path, from: store)) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.hasPrefix("\(path): malformed YAML: line "), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
    }

    func testAMissingFileIsNamed() throws {
        XCTAssertThrowsError(try Regimen.load(folder.appendingPathComponent("absent.yaml").path, from: store)) { error in
            XCTAssertEqual(String(describing: error), "not found: regimen file \(folder.appendingPathComponent("absent.yaml").path)")
        }
    }
}
