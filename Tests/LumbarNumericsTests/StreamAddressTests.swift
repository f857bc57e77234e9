import LumbarNumerics
import XCTest

/// Pins the address of every random stream the model draws from. A change here moves every number drawn from that
/// stream (and every published figure built on it), so it must be deliberate; a new draw gets a new address.
final class StreamAddressTests: XCTestCase {
    private func assertAddress(_ address: StreamAddress, stream: UInt64, substream: UInt32,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(address.stream, stream, "stream", file: file, line: line)
        XCTAssertEqual(address.substream, substream, String(format: "substream 0x%X", address.substream), file: file, line: line)
    }

    func testSubjectAddressesArePinned() {
        assertAddress(.traits(subject: 7), stream: 7, substream: 1)
        assertAddress(.separateTraits(subject: 7), stream: 7, substream: 9)
        assertAddress(.regimenResponse(subject: 7), stream: 7, substream: 4)
        assertAddress(.disabilityResponse(subject: 7), stream: 7, substream: 10)
        assertAddress(.recurrence(subject: 7), stream: 7, substream: 11)
        assertAddress(.enduranceNoise(subject: 7), stream: 7, substream: 7)
        assertAddress(.deviceNoise(subject: 7, session: 0), stream: 7, substream: 2)
        assertAddress(.deviceNoise(subject: 7, session: 0x1234_05), stream: 7, substream: 0x1234_0502)
        assertAddress(.testDay(subject: 7, week: 12), stream: 7, substream: 0x0C08)
        assertAddress(.ratings(subject: 7, session: 0x1234_05), stream: 7, substream: 0x1234_0505)
        XCTAssertEqual(StreamAddress.deviceNoiseSubstream(session: 3), 0x0302)
        XCTAssertEqual(StreamAddress.testDayEffortDraws, 1)
    }

    func testSessionsArePinned() {
        XCTAssertEqual(StreamAddress.testSession(week: 0, index: 5, armKey: 0xBEEF), 0)
        XCTAssertEqual(StreamAddress.testSession(week: 6, index: 1, armKey: 0xBEEF), 0xBEEF01)
        XCTAssertEqual(StreamAddress.testSession(week: 6, index: 0x101, armKey: 0xBEEF), 0xBEEF01, "the index keeps its low byte")
        XCTAssertEqual(StreamAddress.trainingSession, 0xFF_FF00)
    }

    func testTrialAddressesArePinned() {
        XCTAssertEqual(StreamAddress.TrialUse.allCases.map(\.rawValue), [1, 2, 3, 4, 5])
        assertAddress(.trial(.allocation, key: 3), stream: 3, substream: 0x106)
        assertAddress(.trial(.blockList, key: 3), stream: 3, substream: 0x206)
        assertAddress(.trial(.participation, key: 3), stream: 3, substream: 0x306)
        assertAddress(.trial(.attendance, key: 3), stream: 3, substream: 0x406)
        assertAddress(.trial(.replicate, key: 3), stream: 3, substream: 0x506)
        XCTAssertEqual(StreamAddress.powerReplicate(perArm: 40, trial: 2), 40 << 32 | 2)
    }

    func testSensitivityAddressesArePinned() {
        XCTAssertEqual(StreamAddress.SensitivityUse.allCases.map(\.rawValue), [1, 2, 3])
        assertAddress(.sensitivity(.hypercubeColumn, key: 4), stream: 4, substream: 0x10C)
        assertAddress(.sensitivity(.morrisTrajectory, key: 4), stream: 4, substream: 0x20C)
        assertAddress(.sensitivity(.bootstrap, key: 4), stream: 4, substream: 0x30C)
    }

    /// Distinct uses never share a stream: the addresses of one subject's draws are all different.
    func testOneSubjectsAddressesAreDistinct() {
        let addresses: [StreamAddress] = [
            .traits(subject: 1), .separateTraits(subject: 1), .regimenResponse(subject: 1), .disabilityResponse(subject: 1),
            .recurrence(subject: 1), .enduranceNoise(subject: 1),
            .deviceNoise(subject: 1, session: 0), .deviceNoise(subject: 1, session: StreamAddress.trainingSession),
            .testDay(subject: 1, week: 0), .ratings(subject: 1, session: 0),
        ] + StreamAddress.TrialUse.allCases.map { .trial($0, key: 1) }
            + StreamAddress.SensitivityUse.allCases.map { .sensitivity($0, key: 1) }
        XCTAssertEqual(Set(addresses).count, addresses.count)
    }

    /// The address is what the stream draws from: the same as the raw (seed, stream, substream) constructor.
    func testRandomStreamDrawsFromItsAddress() {
        var a = RandomStream(seed: 42, address: .testDay(subject: 9, week: 6))
        var b = RandomStream(seed: 42, stream: 9, substream: 0x0608)
        XCTAssertEqual((0..<8).map { _ in a.next() }, (0..<8).map { _ in b.next() })
    }
}
