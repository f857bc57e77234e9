extension TrialReport {
    /// The applicability warnings: the trial's cohorts and arms against the populations and doses behind each
    /// mechanism (`Datasets/credibility/applicability.yaml`); the tables do not change.
    var applicabilitySection: String {
        (["## Applicability", "",
          "Where the trial's cohorts or arms lie outside what the model's mechanisms were sourced from "
            + "(Datasets/credibility/applicability.yaml; `lumbarsim credibility` tabulates every mechanism):", ""]
            + applicabilityWarnings.map { "- \($0)" } + [""]).joined(separator: "\n")
    }
}
