import XCTest
final class RegimensPlaceholderTests: XCTestCase { func testNothing() { XCTAssertTrue(true) } }
