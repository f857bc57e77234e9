#!/usr/bin/env python3
"""Refits every ANCOVA of a `lumbarsim trial` run with statsmodels and compares it with the run's effects.csv.

For each outcome, the complete cases of trial_data.csv (completed == 1, baseline and follow-up present) are fitted
by OLS with the design effects.csv names in its `covariates` column: follow-up ~ arm (treatment coding against the
reference) [+ baseline] [+ stratum]. Every estimate and standard error must agree to a relative 1e-8 (default), and
the residual degrees of freedom and arm sizes exactly.

Usage: scripts/check_ancova.py RUN_DIR [--tolerance 1e-8]
Prints one line per outcome and a summary; exits 1 on any disagreement, 2 on a missing or unreadable run.
"""
import argparse
import os
import sys

import pandas as pd
import statsmodels.formula.api as smf


def relative(a, b, scale=0.0):
    """|a - b| relative to |b|, or to `scale` when that is larger (an estimate much smaller than its standard error
    is a difference of large numbers, known only to a precision relative to the fit's scale)."""
    denominator = max(abs(b), scale)
    return abs(a - b) / denominator if denominator > 0 else abs(a - b)


def check_risk_ratios(data, ratios, tolerance):
    """Recomputes each risk ratio (Katz log interval's SE; Haldane's 1/2 when a cell is zero) from the completers."""
    failures = []
    for _, row in ratios.iterrows():
        outcome = data[(data["completed"] == 1) & data[row["outcome"]].notna()]
        arm, ref = outcome[outcome["arm"] == row["arm"]][row["outcome"]], outcome[outcome["arm"] == row["reference"]][row["outcome"]]
        a, n1, c, n0 = float(arm.sum()), float(len(arm)), float(ref.sum()), float(len(ref))
        if (int(a), int(c)) != (row["events_arm"], row["events_reference"]):
            failures.append(f"{row['outcome']} {row['arm']}: events {row['events_arm']}/{row['events_reference']} vs {int(a)}/{int(c)}")
            continue
        half = 0.5 if 0 in (a, n1 - a, c, n0 - c) else 0.0
        a, n1, c, n0 = a + half, n1 + 2 * half, c + half, n0 + 2 * half
        ratio, se = (a / n1) / (c / n0), (1 / a - 1 / n1 + 1 / c - 1 / n0) ** 0.5
        for key, theirs in (("estimate", ratio), ("se", se)):
            if relative(row[key], theirs, 0.0) > tolerance:
                failures.append(f"{row['outcome']} {row['arm']} {key}: lumbarsim {row[key]!r}, recomputed {theirs!r}")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir")
    parser.add_argument("--tolerance", type=float, default=1e-8)
    args = parser.parse_args()

    try:
        data = pd.read_csv(os.path.join(args.run_dir, "trial_data.csv"))
        effects = pd.read_csv(os.path.join(args.run_dir, "effects.csv"), dtype={"covariates": str})
    except OSError as error:
        print(f"check_ancova: cannot read the run: {error}", file=sys.stderr)
        return 2
    effects["covariates"] = effects["covariates"].fillna("")
    if "measure" in effects.columns:  # risk ratios of binary outcomes (recurrence) are not ANCOVA fits
        ratios = effects[effects["measure"] == "risk_ratio"]
        failures_rr = check_risk_ratios(data, ratios, args.tolerance)
        if failures_rr:
            for failure in failures_rr:
                print("DISAGREE " + failure, file=sys.stderr)
            return 1
        print(f"{len(ratios)} risk ratios recomputed from trial_data.csv")
        effects = effects[effects["measure"] != "risk_ratio"]
    fitted = effects[effects["estimate"].notna()]
    if fitted.empty:
        print("check_ancova: effects.csv has no estimates to check", file=sys.stderr)
        return 1

    worst = {"estimate": 0.0, "se": 0.0, "p_value": 0.0}
    failures = []
    for outcome, rows in fitted.groupby("outcome", sort=False):
        reference = rows["reference"].iloc[0]
        covariates = rows["covariates"].iloc[0].split()
        frame = data[(data["completed"] == 1) & data[f"{outcome}_baseline"].notna() & data[f"{outcome}_followup"].notna()]
        frame = frame.rename(columns={f"{outcome}_followup": "y", f"{outcome}_baseline": "baseline"})
        arm = f"C(arm, Treatment(reference='{reference}'))"
        formula = "y ~ " + " + ".join([arm] + (["baseline"] if "baseline" in covariates else [])
                                      + (["C(stratum)"] if "stratum" in covariates else []))
        model = smf.ols(formula, data=frame).fit()
        for _, row in rows.iterrows():
            name = f"{arm}[T.{row['arm']}]"
            checks = {"estimate": (row["estimate"], model.params[name], model.bse[name]),
                      "se": (row["se"], model.bse[name], 0.0), "p_value": (row["p_value"], model.pvalues[name], 0.0)}
            for key, (ours, theirs, scale) in checks.items():
                difference = relative(ours, theirs, scale)
                worst[key] = max(worst[key], difference)
                if key != "p_value" and difference > args.tolerance:
                    failures.append(f"{outcome} {row['arm']} {key}: lumbarsim {ours!r}, statsmodels {theirs!r} (relative {difference:.2e})")
            n_arm = int((frame["arm"] == row["arm"]).sum())
            n_reference = int((frame["arm"] == reference).sum())
            if (n_arm, n_reference, int(model.df_resid)) != (row["n_arm"], row["n_reference"], row["df"]):
                failures.append(f"{outcome} {row['arm']}: n {row['n_arm']}/{row['n_reference']} df {row['df']} in effects.csv, "
                                f"{n_arm}/{n_reference} df {int(model.df_resid)} refitted")
        print(f"{outcome}: {formula.replace(arm, 'arm')}, n = {int(model.nobs)}, {len(rows)} arm effects checked")

    print(f"max relative difference: estimate {worst['estimate']:.2e}, se {worst['se']:.2e}, p-value {worst['p_value']:.2e} "
          f"({len(fitted)} effects; tolerance {args.tolerance:g} on estimates and SEs)")
    for failure in failures:
        print("DISAGREE " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
