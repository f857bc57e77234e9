import Foundation
import Plots
@testable import Reporting
import XCTest

/// A simulate folder is summarised by hand-checkable arithmetic: means, sample SDs and t-based 95 % intervals.
final class SimulateSummariesTests: XCTestCase {
    private var scratch: URL!
    private var figures: RunFigures!
    /// t quantiles at 0.975 for 2 and 1 degrees of freedom (scipy.stats.t.ppf(0.975, 2) and (0.975, 1)).
    private let t2 = 4.302652729749462, t1 = 12.706204736174694

    override func setUpWithError() throws {
        scratch = try ReportingFixtures.scratch()
        // Three subjects; core-strengthening tested at weeks 0, 6, 12, control at 0 and 12; subject 2 never reaches 72°.
        var tests = "subject_id,arm,week,torque_0,torque_12,torque_24,torque_36,torque_48,torque_60,torque_72\n"
        var outcomes = "subject_id,arm,week,csa_multifidus_cm2,csa_longissimus_cm2,csa_iliocostalis_cm2,endurance_50_s,lumbar_rom_deg,hamstring_rom_deg,pain_vas,odi,sessions_attended\n"
        let base: [Double] = [100, 120, 110]
        for (arm, weeks, gain) in [("core-strengthening", [0, 6, 12], 50.0), ("control", [0, 12], 0.0)] {
            for week in weeks {
                for subject in 0..<3 {
                    let t0 = base[subject] + gain * Double(week) / 12
                    let angles = (0..<7).map { k in subject == 2 && k == 6 ? "" : CSVNumberForTests.text(t0 + 10 * Double(k)) }
                    tests += "\(subject),\(arm),\(week),\(angles.joined(separator: ","))\n"
                    outcomes += "\(subject),\(arm),\(week),8,10,\(6 + subject),\(120 + 10 * subject),60,70,\(40 - week),30,\(week)\n"
                }
            }
        }
        let folder = try ReportingFixtures.simulateFolder(in: scratch, tests: tests, outcomes: outcomes, arms: ["core-strengthening", "control"])
        figures = RunFigures(run: try RunDirectory(path: folder.path), alpha: try ReportingFixtures.alpha())
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func testCurvesCompareWeekZeroWithEachArmsLastTest() throws {
        let figure = try figures.curves()
        XCTAssertEqual(figure.panels.map(\.title), ["core-strengthening", "control"])
        let core = figure.panels[0]
        XCTAssertEqual(core.series.map(\.name), ["baseline", "follow-up"])
        let baseline0 = core.series[0].points[0], followup0 = core.series[1].points[0]
        XCTAssertEqual(baseline0.y, 110, accuracy: 1e-12)
        XCTAssertEqual(try ReportingFixtures.alpha(), 0.05, "the intervals below are 95 %")
        XCTAssertEqual(baseline0.high! - baseline0.y, t2 * 10 / 3.0.squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(followup0.y, 160, accuracy: 1e-12, "week 12 is core-strengthening's last test")
        // At 72° only subjects 0 and 1 were tested: mean of 160 and 180, SD 14.142.
        let baseline72 = core.series[0].points[6]
        XCTAssertEqual(baseline72.y, 170, accuracy: 1e-12)
        XCTAssertEqual(baseline72.high! - baseline72.y, t1 * 200.0.squareRoot() / 2.0.squareRoot(), accuracy: 1e-8)
    }

    func testTimecourseSummarisesTorqueCsaEnduranceAndPainAtEveryTestWeek() throws {
        let figure = try figures.timecourse()
        XCTAssertEqual(figure.panels.map(\.title), ["Mean torque, 0–72°", "Extensor CSA", "Endurance at 50 % MVC", "Pain VAS"])
        let torque = figure.panels[0].series[0]
        XCTAssertEqual(torque.points.map(\.x), [0, 6, 12])
        // Subject means over their tested angles: 130, 150 and (110 + ... + 160) / 6 = 135; week 6 adds 25.
        XCTAssertEqual(torque.points[0].y, (130 + 150 + 135) / 3, accuracy: 1e-12)
        XCTAssertEqual(torque.points[1].y, (130 + 150 + 135) / 3 + 25, accuracy: 1e-12)
        XCTAssertEqual(figure.panels[1].series[0].points[0].y, 25, accuracy: 1e-12, "8 + 10 + 7 on average")
        XCTAssertEqual(figure.panels[2].series[1].points.map(\.y), [130, 130])
        XCTAssertEqual(figure.panels[3].series[1].points.map(\.y), [40, 28])
    }
}

/// `simulate` without `--regimen` tests once, at week 0: curves only.
final class BaselineOnlySimulateTests: XCTestCase {
    func testABaselineOnlyRunHasCurvesButNoTimeCourse() throws {
        let scratch = try ReportingFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let header = "subject_id,arm,week,torque_0,torque_12,torque_24,torque_36,torque_48,torque_60,torque_72\n"
        let tests = header + "0,baseline,0,150,190,230,260,280,295,300\n1,baseline,0,170,210,250,280,300,315,\n"
        let outcomes = "subject_id,arm,week,csa_multifidus_cm2,csa_longissimus_cm2,csa_iliocostalis_cm2,endurance_50_s,lumbar_rom_deg,hamstring_rom_deg,pain_vas,odi,sessions_attended\n"
            + "0,baseline,0,8,10,6,140,60,70,5,3,0\n1,baseline,0,9,11,7,140,60,70,5,3,0\n"
        let folder = try ReportingFixtures.simulateFolder(in: scratch, tests: tests, outcomes: outcomes, arms: ["baseline"])
        let figures = RunFigures(run: try RunDirectory(path: folder.path), alpha: try ReportingFixtures.alpha())
        XCTAssertEqual(figures.available, [.curves])
        let curves = try figures.curves()
        XCTAssertEqual(curves.panels.map { $0.series.map(\.name) }, [["baseline"]])
        XCTAssertEqual(curves.panels[0].series[0].points[0].y, 160)
        XCTAssertThrowsError(try figures.timecourse()) { error in
            XCTAssertTrue("\(error)".hasPrefix("tests.csv has no test after week 0"), "\(error)")
        }
    }
}

/// Fixed-decimal numbers as LumbarSim writes them.
enum CSVNumberForTests {
    static func text(_ x: Double) -> String { String(format: "%.2f", x) }
}
