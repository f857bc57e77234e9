import XCTest

/// The body throws exactly `expected`.
public func assertThrows<E: Error & Equatable, T>(_ expected: E, _ body: @autoclosure () throws -> T,
                                                  file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        XCTAssertEqual(error as? E, expected, "threw \(error)", file: file, line: line)
    }
}
