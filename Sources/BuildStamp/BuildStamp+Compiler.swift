extension BuildStamp {
    /// The Swift language mode's compiler release that built this binary, to the minor version (the compiler has no
    /// way to name its patch release in code).
    public static var compiler: String {
        #if compiler(>=7.0)
        "Swift 7.0 or later"
        #elseif compiler(>=6.5)
        "Swift 6.5"
        #elseif compiler(>=6.4)
        "Swift 6.4"
        #elseif compiler(>=6.3)
        "Swift 6.3"
        #elseif compiler(>=6.2)
        "Swift 6.2"
        #else
        "Swift 6.1"
        #endif
    }
}
