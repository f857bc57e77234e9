#!/usr/bin/env python3
"""The torque-sampling kernel (SamplingKernel.run) in numpy: the reference point for what the Swift kernel's speed
buys over a vectorised-array formulation, and a third independent implementation of its math.

Arrays run across subjects; the samples are a Python loop, because the anti-aliasing filter and the moving
average are recurrences in time. Every floating-point expression keeps the Swift kernel's operation order, so
the results agree with it to the last bit (the logarithm is LumbarSim's own, not numpy's).

Usage: sampling_kernel_numpy.py INPUT OUTPUT [--repeats K]
INPUT is the JSON that kernel-compare writes; OUTPUT gets {"sum", "peak", "best_seconds"}, where best_seconds is
the fastest of K runs of the kernel alone (no file reading or writing).
"""
import argparse
import json
import math
import time

import numpy as np

MASK32 = np.uint64(0xFFFFFFFF)
SHIFT32 = np.uint64(32)
PHILOX_M0 = np.uint64(0xD2511F53)
PHILOX_M1 = np.uint64(0xCD9E8D57)


def philox_round_keys(seed):
    """The ten round keys of Philox4x32-10 for a 64-bit seed (key = seed's low and high 32 bits)."""
    k0, k1 = seed & 0xFFFFFFFF, seed >> 32
    keys = []
    for _ in range(10):
        keys.append((np.uint64(k0), np.uint64(k1)))
        k0 = (k0 + 0x9E3779B9) & 0xFFFFFFFF
        k1 = (k1 + 0xBB67AE85) & 0xFFFFFFFF
    return keys


def philox4x32_10(x0, x1, x2, x3, keys):
    """Philox4x32-10 on uint64 arrays holding 32-bit words; a 32x32-bit product fits uint64 without wrapping."""
    for k0, k1 in keys:
        p0 = x0 * PHILOX_M0
        p1 = x2 * PHILOX_M1
        x0, x1, x2, x3 = (p1 >> SHIFT32) ^ x1 ^ k0, p1 & MASK32, (p0 >> SHIFT32) ^ x3 ^ k1, p0 & MASK32
    return x0, x1, x2, x3


def natural_log(x):
    """Logarithm.natural for positive normal doubles: exponent split, then 2*atanh(s), s = f/(2+f), in s^2."""
    bits = x.view(np.uint64)
    exponent = ((bits >> np.uint64(52)) & np.uint64(0x7FF)).astype(np.float64) - 1023.0
    m = ((bits & np.uint64(0x000FFFFFFFFFFFFF)) | np.uint64(0x3FF0000000000000)).view(np.float64)
    high = m > float.fromhex("0x1.6a09e667f3bcdp0")
    m = np.where(high, m * 0.5, m)
    exponent = np.where(high, exponent + 1.0, exponent)
    f = m - 1.0
    s = f / (2.0 + f)
    z = s * s
    p = np.full_like(z, 2.0 / 19)
    for c in (2.0 / 17, 2.0 / 15, 2.0 / 13, 2.0 / 11, 2.0 / 9, 2.0 / 7, 2.0 / 5, 2.0 / 3):
        p = p * z + c
    return exponent * float.fromhex("0x1.62e42feep-1") + (exponent * float.fromhex("0x1.a39ef35793c76p-33") + s * (2.0 + z * p))


def normal_quantile(u):
    """Wichura's AS 241 for 0 < u < 1; the logarithm is taken only for the tail subset."""
    q = u - 0.5
    r = 0.180625 - q * q
    num = (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r
                + 6.7265770927008700853e4) * r + 4.5921953931549871457e4) * r
              + 1.3731693765509461125e4) * r + 1.9715909503065514427e3) * r
            + 1.3314166789178437745e2) * r + 3.3871328727963666080e0)
    den = (((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r
                + 3.9307895800092710610e4) * r + 2.1213794301586595867e4) * r
              + 5.3941960214247511077e3) * r + 6.8718700749205790830e2) * r
            + 4.2313330701600911252e1) * r + 1.0)
    z = q * num / den
    tails = np.abs(q) > 0.425
    if tails.any():
        qt = q[tails]
        ut = u[tails]
        rt = np.sqrt(-natural_log(np.where(qt < 0, ut, 1.0 - ut)))
        zt = np.empty_like(rt)
        near = rt <= 5
        if near.any():
            r = rt[near] - 1.6
            num = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r
                        + 2.41780725177450611770e-1) * r + 1.27045825245236838258e0) * r
                      + 3.64784832476320460504e0) * r + 5.76949722146069140550e0) * r
                    + 4.63033784615654529590e0) * r + 1.42343711074968357734e0)
            den = (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r
                        + 1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r
                      + 6.89767334985100004550e-1) * r + 1.67638483018380384940e0) * r
                    + 2.05319162663775882187e0) * r + 1.0)
            zt[near] = num / den
        far = ~near
        if far.any():
            r = rt[far] - 5.0
            num = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
                        + 1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r
                      + 2.96560571828504891230e-1) * r + 1.78482653991729133580e0) * r
                    + 5.46378491116411436990e0) * r + 6.65790464350110377720e0)
            den = (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r
                        + 1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r
                      + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
                    + 5.99832206555887937690e-1) * r + 1.0)
            zt[far] = num / den
        z[tails] = np.where(qt < 0, -zt, zt)
    return z


def prepare(inputs):
    """The kernel's arguments as numpy arrays (kept out of the timed region, like the Swift and C callers' setup)."""
    c = inputs["constants"]
    s = inputs["subjects"]
    arrays = {name: np.array(s[name], dtype=np.float64)
              for name in ("active", "passive", "gravity", "gain", "offset", "tare", "first_sample")}
    arrays["first_word"] = np.array(s["first_word"], dtype=np.uint64)
    arrays["stream"] = np.array(s["stream"], dtype=np.uint64)
    return c, [float(e) for e in inputs["effort"]], arrays


def run_kernel(c, effort, a):
    """Sums and peak full-window moving averages of the readings, one per subject."""
    noise_sd, lsb, alpha, drift = c["noise_sd"], c["lsb"], c["alpha"], c["drift_per_sample"]
    min_code, max_code, window = c["min_code"], c["max_code"], c["window"]
    pole0, pole1, pole2 = c["flicker_pole"]
    gain0, gain1, gain2 = c["flicker_gain"]
    active, passive, gravity, gain, offset, tare = (a[name] for name in ("active", "passive", "gravity", "gain", "offset", "tare"))
    first_sample, first_word, stream = a["first_sample"], a["first_word"], a["stream"]
    count = len(active)

    keys = philox_round_keys(c["seed"])
    substream = np.full(count, c["substream"], dtype=np.uint64)
    stream_low, stream_high = stream & MASK32, stream >> SHIFT32
    ring = np.zeros((window, count))
    ring_sum = np.zeros(count)
    total = np.zeros(count)
    peak = np.full(count, -math.inf)
    filtered = gain * (0.0 * active + passive - gravity) + offset + drift * first_sample
    flicker0, flicker1, flicker2 = np.zeros(count), np.zeros(count), np.zeros(count)
    cached_block = None
    slot = 0
    for n, e in enumerate(effort):
        word = first_word + np.uint64(2 * n)
        block = (word >> np.uint64(2)) & MASK32
        # Two samples share a block when the word index is a multiple of 4: encrypt it once.
        if cached_block is None or not np.array_equal(block, cached_block):
            x0, x1, x2, x3 = philox4x32_10(block, substream, stream_low, stream_high, keys)
            cached_block = block
        upper = (word & np.uint64(2)) != 0
        low = np.where(upper, x2, x0)
        high = np.where(upper, x3, x1)
        k = np.maximum(((high << SHIFT32) | low) >> np.uint64(11), np.uint64(1))
        z = normal_quantile(k.astype(np.float64) * 2.0 ** -53)
        flicker0 = pole0 * flicker0 + gain0 * z
        flicker1 = pole1 * flicker1 + gain1 * z
        flicker2 = pole2 * flicker2 + gain2 * z
        analog = (gain * (e * active + passive - gravity) + offset + drift * (first_sample + float(n)) + noise_sd * z
                  + (flicker0 + flicker1 + flicker2))
        filtered = filtered + alpha * (analog - filtered)
        reading = np.clip(np.rint(filtered / lsb), min_code, max_code) * lsb - tare
        total += reading
        ring_sum += reading - ring[slot]
        ring[slot] = reading
        slot += 1
        if slot == window:
            slot = 0
        if n + 1 >= window:
            peak = np.maximum(peak, ring_sum / window)
    return total, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    with open(args.input) as f:
        inputs = json.load(f)
    constants, effort, arrays = prepare(inputs)
    best = math.inf
    for _ in range(max(1, args.repeats)):
        start = time.perf_counter()
        total, peak = run_kernel(constants, effort, arrays)
        best = min(best, time.perf_counter() - start)
    with open(args.output, "w") as f:
        json.dump({"sum": total.tolist(), "peak": peak.tolist(), "best_seconds": best}, f)


if __name__ == "__main__":
    main()
