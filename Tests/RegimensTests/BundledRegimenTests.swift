import Foundation
import LumbarDatasets
import Regimens
import XCTest

final class BundledRegimenTests: XCTestCase {
    func testEveryBundledRegimenLoadsWithItsDocumentedShape() throws {
        let store = try DatasetStore.locate()
        let expected: [String: (kind: RegimenKind, weeks: Int, tests: [Int])] = [
            "core-strengthening": (.coreStrengthening, 12, [0, 6, 12]),
            "stretching": (.stretching, 12, [0, 6, 12]),
            "manual-therapy": (.manualTherapy, 12, [0, 6, 12]),
            "postural-ergonomic": (.posturalErgonomic, 12, [0, 12]),
            "low-impact-aerobics": (.lowImpactAerobics, 12, [0, 12]),
            "combined": (.combined, 12, [0, 12]),
            "control": (.control, 12, [0, 12]),
        ]
        XCTAssertEqual(Regimen.bundledNames(in: store), expected.keys.sorted())
        for (name, shape) in expected {
            let regimen = try Regimen.load(name, from: store)
            XCTAssertEqual(regimen.name, name)
            XCTAssertEqual(regimen.kind, shape.kind, name)
            XCTAssertEqual(regimen.totalWeeks, shape.weeks, name)
            XCTAssertEqual(regimen.testWeeks, shape.tests, name)
            XCTAssertTrue(regimen.source != nil || regimen.assumption != nil, "\(name) has neither source nor assumption")
        }
    }

    func testTheBundledDosesAreTheDocumentedOnes() throws {
        let store = try DatasetStore.locate()
        let core = try XCTUnwrap(Regimen.load("core-strengthening", from: store).phases.first?.core)
        guard case .dynamic(let ilex) = core.work else { return XCTFail("ILEX is dynamic") }
        XCTAssertEqual(core.sets, 1)
        XCTAssertTrue(core.pelvicRestraint)
        XCTAssertEqual(ilex.reps, 8...12)
        XCTAssertEqual(ilex.startLoadFraction, 0.8)
        XCTAssertEqual(ilex.loadIncrement, 0.05)
        XCTAssertEqual([ilex.tempo.up, ilex.tempo.down], [2, 4])
        XCTAssertEqual(ilex.romDeg, 0...72)

        let manual = try Regimen.load("manual-therapy", from: store)
        XCTAssertEqual(manual.sessionDays(for: .manualTherapy).count, 12)
        XCTAssertTrue(manual.sessionDays(for: .manualTherapy).allSatisfy { $0 < 42 }, "no treatment in weeks 6-12")

        let aerobics = try Regimen.load("low-impact-aerobics", from: store)
        XCTAssertEqual(aerobics.phases[0].aerobics?.modality, .walking)
        XCTAssertEqual(aerobics.sessionDays(for: .aerobics).count, 36)

        let control = try Regimen.load("control", from: store)
        XCTAssertTrue(DoseKind.allCases.allSatisfy { control.sessionDays(for: $0).isEmpty })
    }

    func testEverySourceIsInTheBibliography() throws {
        let store = try DatasetStore.locate()
        let references = try String(contentsOf: store.url("references.yaml"), encoding: .utf8)
        let keys = Set(references.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("#") && $0.hasSuffix(":") }
            .map { String($0.dropLast()) })
        for name in Regimen.bundledNames(in: store) {
            if let source = try Regimen.load(name, from: store).source {
                XCTAssertTrue(keys.contains(source), "\(name) cites unknown source \(source)")
            }
        }
    }

    func testAnUnknownNameListsTheBundledOnes() throws {
        let store = try DatasetStore.locate()
        XCTAssertThrowsError(try Regimen.load("yoga", from: store)) { error in
            XCTAssertEqual(error as? DatasetError, .unknownName(kind: "regimen", name: "yoga", known: Regimen.bundledNames(in: store)))
            XCTAssertEqual(String(describing: error),
                           "unknown regimen 'yoga' (known: combined, control, core-strengthening, low-impact-aerobics, "
                               + "manual-therapy, postural-ergonomic, stretching)")
        }
    }
}
