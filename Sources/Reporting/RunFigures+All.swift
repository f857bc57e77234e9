extension RunFigures {
    /// Every figure the run folder has data for, as (SVG, file name), all built before any is written so that a bad
    /// table leaves no partial set.
    public func all() throws -> [(svg: String, fileName: String)] {
        try available.map { kind in
            switch kind {
            case .curves: (try curves().svg(), kind.fileName)
            case .timecourse: (try timecourse().svg(), kind.fileName)
            case .forest: (try forest(outcome: nil).svg(), kind.fileName)
            case .power: (try power().svg(), kind.fileName)
            }
        }
    }
}
