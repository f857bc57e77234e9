import XCTest

/// Standard errors of sample statistics, from which the statistical tests derive their tolerances: a value
/// estimated from n draws is held within `StandardError.allowance` (4) standard errors of what it estimates, so a
/// correct model fails about once in 16,000 runs while an error of a few standard errors is caught.
public enum StandardError {
    /// How many standard errors a statistical check allows for.
    public static let allowance = 4.0

    /// The mean of n draws with standard deviation `sd`.
    public static func mean(sd: Double, n: Int) -> Double { sd / Double(n).squareRoot() }

    /// A sample standard deviation from n normal draws (its variance is σ²/(2(n − 1)) to first order).
    public static func sd(_ sd: Double, n: Int) -> Double { sd / (2 * Double(n - 1)).squareRoot() }

    /// A sample variance from n draws with variance `variance` and fourth central moment `mu4`
    /// (Var s² ≈ (μ₄ − σ⁴)/n; for normal draws μ₄ = 3σ⁴, so SE = σ²·√(2/n)).
    public static func variance(_ variance: Double, fourthMoment mu4: Double, n: Int) -> Double {
        ((mu4 - variance * variance) / Double(n)).squareRoot()
    }

    /// A sample variance from n normal draws with variance `variance`.
    public static func variance(normal variance: Double, n: Int) -> Double {
        self.variance(variance, fourthMoment: 3 * variance * variance, n: n)
    }

    /// A proportion `p` estimated from n independent trials (binomial).
    public static func proportion(_ p: Double, n: Int) -> Double { (p * (1 - p) / Double(n)).squareRoot() }

    /// A coefficient of variation from n normal draws (McKay's approximation: Var ≈ cv²(1/2 + cv²)/n).
    public static func coefficientOfVariation(_ cv: Double, n: Int) -> Double {
        cv * ((0.5 + cv * cv) / Double(n)).squareRoot()
    }
}

/// The sample standard deviation (n − 1 denominator).
public func sd(_ values: [Double]) -> Double {
    let mean = values.reduce(0, +) / Double(values.count)
    return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
}

/// `value` lies within ``StandardError/allowance`` standard errors `se` of `expected`.
public func assertWithinStandardErrors(_ value: Double, _ expected: Double, se: Double, _ what: String,
                                       file: StaticString = #filePath, line: UInt = #line) {
    let tolerance = StandardError.allowance * se
    XCTAssertEqual(value, expected, accuracy: tolerance,
                   "\(what): \(value) vs \(expected), allowed ±\(tolerance) (\(StandardError.allowance) SE of \(se))",
                   file: file, line: line)
}
