extension BuildStamp {
    /// The commit, marked when the build had uncommitted changes: "COMMIT" or "COMMIT+dirty".
    public static var commitDescription: String { dirty == true ? commit + "+dirty" : commit }
}
