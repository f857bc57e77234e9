import RunOutput

/// What each column of a trial's tables holds, for `datapackage.json`. The column names of ``TrialTables`` come
/// from here.
extension TrialTables {
    typealias Field = DataPackage.Field

    static var trialDataFields: [Field] {
        [Field("subject_id", .integer, nil, "Subject number within the trial"),
         Field("arm", .string, nil, "Arm the subject was randomised to"),
         Field("sex", .string, nil, "F (female) or M (male)"),
         Field("clbp", .boolean, nil, "Chronic low back pain (1) or healthy (0)"),
         Field("stratum", .string, nil, "Randomisation stratum (sex x CLBP status)"),
         Field("completed", .boolean, nil, "Seen at follow-up (0: lost to follow-up)"),
         Field("sessions_attended", .integer, "session", "Sessions attended")]
            + TrialOutcome.allCases.flatMap { outcome in
                ["baseline", "followup"].map { visit in
                    Field("\(outcome.rawValue)_\(visit)", .number, outcome.unit, "\(outcome.rawValue) at \(visit) (empty when not measured)")
                }
            }
            + [Field("cohort", .string, nil, "Cohort the subject was drawn from"),
               Field("sessions_scheduled", .integer, "session", "Sessions the arm's regimen schedules"),
               Field("adherence", .number, "1", "The subject's attendance probability"),
               Field("dropout_day", .integer, "day", "Day the subject dropped out (empty: stayed)"),
               Field("recurrence_12m", .boolean, nil, "A new LBP episode or flare-up within 12 months after follow-up (empirical, see Datasets)"),
               Field("days_to_recurrence", .integer, "day", "Day of that episode after follow-up (empty: none within 12 months)")]
    }

    static let effectFields: [Field] = [
        Field("outcome", .string, nil, "Outcome analysed (units as in trial_data.csv)"),
        Field("arm", .string, nil, "Arm compared"),
        Field("reference", .string, nil, "Reference arm"),
        Field("n_arm", .integer, "subject", "Completers in the arm"),
        Field("n_reference", .integer, "subject", "Completers in the reference arm"),
        Field("estimate", .number, "outcome unit", "ANCOVA-adjusted difference at follow-up, arm minus reference"),
        Field("se", .number, "outcome unit", "Its standard error"),
        Field("ci_low", .number, "outcome unit", "Lower end of its confidence interval (1 - alpha)"),
        Field("ci_high", .number, "outcome unit", "Upper end of its confidence interval"),
        Field("p_value", .number, "1", "Two-sided p value of the difference"),
        Field("hedges_g", .number, "1", "Hedges' g of the follow-up difference"),
        Field("g_ci_low", .number, "1", "Lower end of g's confidence interval"),
        Field("g_ci_high", .number, "1", "Upper end of g's confidence interval"),
        Field("responders_arm", .number, "1", "Share of the arm improving by at least the MCID"),
        Field("responders_reference", .number, "1", "Share of the reference arm improving by at least the MCID"),
        Field("mcid", .number, "outcome unit", "Minimal clinically important difference used for responders"),
        Field("df", .integer, nil, "Residual degrees of freedom of the model"),
        Field("covariates", .string, nil, "The model's covariates besides arm (baseline, stratum)"),
        Field("evidence", .string, nil, "Whether the effect is a mechanism's prediction or an evidence-synthesis input (Datasets/trials/outcome-evidence.yaml)"),
        Field("evidence_basis", .string, nil, "The sources behind that label"),
        Field("measure", .string, nil, "difference (ANCOVA rows) or risk_ratio (binary outcomes: estimate and interval are then a risk ratio, se its log-scale SE)"),
        Field("events_arm", .integer, "subject", "Events in the arm (binary outcomes)"),
        Field("events_reference", .integer, "subject", "Events in the reference arm (binary outcomes)"),
        Field("risk_arm", .number, "1", "Share of the arm with the event"),
        Field("risk_reference", .number, "1", "Share of the reference arm with the event"),
    ]

    static let modelFields: [Field] = [
        Field("model_low", .number, "outcome unit", "2.5th percentile of the difference over the --uncertainty parameter sets"),
        Field("model_high", .number, "outcome unit", "97.5th percentile of the difference over the parameter sets"),
        Field("model_share", .number, "1", "Share of the difference's variance that comes from the parameters rather than the sampling of subjects"),
    ]

    static let curveFields: [Field] = [
        Field("arm", .string, nil, "Arm"),
        Field("visit", .string, nil, "baseline or followup"),
        Field("angle_deg", .number, "deg", "Test angle (flexion)"),
        Field("n", .integer, "subject", "Subjects tested at that angle"),
        Field("mean_nm", .number, "N*m", "Mean peak torque"),
        Field("sd_nm", .number, "N*m", "Its standard deviation"),
        Field("ci_low_nm", .number, "N*m", "Lower end of the mean's t interval (1 - alpha)"),
        Field("ci_high_nm", .number, "N*m", "Upper end of the mean's t interval"),
    ]

    static let timecourseFields: [Field] = [
        Field("arm", .string, nil, "Arm"),
        Field("week", .integer, "week", "Visit week"),
        Field("outcome", .string, nil, "Outcome (units as in trial_data.csv)"),
        Field("n", .integer, "subject", "Subjects seen at the visit"),
        Field("mean", .number, "outcome unit", "Mean"),
        Field("sd", .number, "outcome unit", "Standard deviation"),
        Field("ci_low", .number, "outcome unit", "Lower end of the mean's t interval (1 - alpha)"),
        Field("ci_high", .number, "outcome unit", "Upper end of the mean's t interval"),
    ]

    static let powerFields: [Field] = [
        Field("n_per_arm", .integer, "subject", "Subjects per arm in the simulated trials"),
        Field("outcome", .string, nil, "Outcome"),
        Field("arm", .string, nil, "Arm compared"),
        Field("reference", .string, nil, "Reference arm"),
        Field("trials", .integer, nil, "Simulated trials at this size"),
        Field("power", .number, "1", "Share of trials rejecting no difference at alpha"),
        Field("power_ci_low", .number, "1", "Lower end of its binomial confidence interval"),
        Field("power_ci_high", .number, "1", "Upper end of its binomial confidence interval"),
    ]

    /// The data package of a trial's tables (`power.csv` only when power was estimated, the model columns only with
    /// `--uncertainty`).
    static func dataPackage(withPower: Bool, withModel: Bool) -> DataPackage {
        var resources = [
            DataPackage.Resource(path: trialData, description: "One row per randomised subject", fields: trialDataFields),
            DataPackage.Resource(path: effects, description: "One row per outcome and compared arm: ANCOVA effects and risk ratios",
                                 fields: effectFields + (withModel ? modelFields : [])),
            DataPackage.Resource(path: curves, description: "Mean torque-angle curves by arm and visit", fields: curveFields),
            DataPackage.Resource(path: timecourse, description: "Every outcome by arm and visit week", fields: timecourseFields),
        ]
        if withPower {
            resources.append(DataPackage.Resource(path: power, description: "Power by per-arm size, outcome and arm", fields: powerFields))
        }
        return DataPackage(name: "lumbarsim-trial", resources: resources)
    }
}
