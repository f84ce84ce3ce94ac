"""The accuracy suite's problems in numpy, for running dynesty and nautilus on exactly what
Tempest runs (tools/bench/accuracy/problems/*.ts is the reference; verify_logz.py checks that the
two agree at test points exported by `npm run bench -- accuracy --verify --export-points F`).

Each problem has: name, ndim, prior_transform(u) for an (n, ndim) array or one vector,
loglike(x) for an (n, ndim) array (vectorized) or one vector, periodic indices, true_logz (pinned,
the same numbers as the TypeScript files) and optionally modes (assign(x) -> mode index per row,
true weights).
"""
import math
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

LOG_2PI = math.log(2 * math.pi)


@dataclass
class Problem:
    name: str
    ndim: int
    lo: np.ndarray
    hi: np.ndarray
    loglike_rows: Callable[[np.ndarray], np.ndarray]
    true_logz: float
    periodic: list = field(default_factory=list)
    mode_weights: Optional[list] = None
    mode_assign: Optional[Callable[[np.ndarray], np.ndarray]] = None
    # A prior other than uniform on [lo, hi]: u (one vector or an (n, ndim) array) to x; lo and hi
    # are then only the prior's range (its values at u = 0 and 1).
    transform: Optional[Callable[[np.ndarray], np.ndarray]] = None

    def prior_transform(self, u):
        if self.transform is not None:
            return self.transform(np.asarray(u, dtype=float))
        return self.lo + (self.hi - self.lo) * np.asarray(u)

    def loglike(self, x):
        x = np.asarray(x, dtype=float)
        if x.ndim == 1:
            return float(self.loglike_rows(x[None, :])[0])
        return self.loglike_rows(x)


def normal_interval(a, b):
    """Standard normal probability of [a, b], without cancellation when both are in one tail."""
    if a >= 0:
        return 0.5 * (math.erfc(a / math.sqrt(2)) - math.erfc(b / math.sqrt(2)))
    if b <= 0:
        return 0.5 * (math.erfc(-b / math.sqrt(2)) - math.erfc(-a / math.sqrt(2)))
    return 1 - 0.5 * math.erfc(-a / math.sqrt(2)) - 0.5 * math.erfc(b / math.sqrt(2))


def box(d, lo, hi):
    return np.full(d, float(lo)), np.full(d, float(hi))


def unit_gaussian(d):
    mu = np.where(np.arange(d) % 2 == 1, -0.5, 0.5)

    def f(x):
        return -0.5 * d * LOG_2PI - 0.5 * np.sum((x - mu) ** 2, axis=1)
    return Problem(f'gauss-{d}', d, *box(d, -10, 10), f, -d * math.log(20))


def correlated_gaussian(d, rho=0.5):
    a = 1 - rho * rho
    diag = np.full(d, (1 + rho * rho) / a)
    diag[0] = diag[-1] = 1 / a
    off = -rho / a
    lognorm = -0.5 * d * LOG_2PI - 0.5 * (d - 1) * math.log(a)

    def f(x):
        q = np.sum(diag * x * x, axis=1) + 2 * off * np.sum(x[:, :-1] * x[:, 1:], axis=1)
        return lognorm - 0.5 * q
    return Problem(f'corr-gauss-{d}', d, *box(d, -10, 10), f, -d * math.log(20))


def two_gaussians(d, small=0.33):
    lw = np.log([small, 1 - small])

    def f(x):
        q0 = np.sum((x - 2) ** 2, axis=1)
        q1 = np.sum((x + 2) ** 2, axis=1)
        return -0.5 * d * LOG_2PI + np.logaddexp(lw[0] - 0.5 * q0, lw[1] - 0.5 * q1)
    return Problem(f'two-gauss-{d}', d, *box(d, -10, 10), f, -d * math.log(20),
                   mode_weights=[small, 1 - small],
                   mode_assign=lambda x: np.where(np.sum(x, axis=1) > 0, 0, 1))


def eggbox_peaks():
    peaks = []
    for k in range(6):
        for l in range(6):
            if (k + l) % 2:
                continue
            edges = int(k in (0, 5)) + int(l in (0, 5))
            peaks.append((k, l, 0.5 ** edges / 12.5))
    return peaks


def eggbox():
    peaks = eggbox_peaks()
    index = {k * 6 + l: i for i, (k, l, _) in enumerate(peaks)}

    def f(x):
        return (2 + np.cos(x[:, 0] / 2) * np.cos(x[:, 1] / 2)) ** 5

    def assign(x):
        a = x[:, 0] / (2 * np.pi)
        b = x[:, 1] / (2 * np.pi)
        k = np.round(a)
        l = np.round(b)
        odd = (k + l) % 2 != 0
        move_k = odd & (np.abs(a - k) > np.abs(b - l))
        move_l = odd & ~move_k
        k = np.where(move_k, k + np.where(a > k, 1, -1), k)
        l = np.where(move_l, l + np.where(b > l, 1, -1), l)
        k = np.clip(k, 0, 5).astype(int)
        l = np.clip(l, 0, 5).astype(int)
        return np.array([index.get(int(kk) * 6 + int(ll), 0) for kk, ll in zip(k, l)])
    return Problem('eggbox-2', 2, *box(2, 0, 10 * np.pi), f, 235.85594,
                   mode_weights=[w for _, _, w in peaks], mode_assign=assign)


def shells(d=2):
    r, w = 2.0, 0.1
    const = -0.5 * LOG_2PI - math.log(w)
    pinned = {2: -1.745642, 5: -5.673601, 10: -14.590491, 20: -36.086548}

    def shell(x, c):
        rho = np.hypot(x[:, 0] - c, np.sqrt(np.sum(x[:, 1:] ** 2, axis=1)))
        return const - (rho - r) ** 2 / (2 * w * w)

    def f(x):
        return np.logaddexp(shell(x, -3.5), shell(x, 3.5))
    return Problem(f'shells-{d}', d, *box(d, -6, 6), f, pinned[d], mode_weights=[0.5, 0.5],
                   mode_assign=lambda x: np.where(x[:, 0] > 0, 1, 0))


def rosenbrock_pairs(pairs=5):
    d = 2 * pairs

    def f(x):
        a = x[:, 0::2]
        b = x[:, 1::2]
        return -0.5 * np.sum((1 - a) ** 2 + 100 * (b - a * a) ** 2, axis=1)
    return Problem(f'rosenbrock-pairs-{d}', d, *box(d, -5, 5), f, -25.9259)


def rosenbrock_chain(d=10, scale=0.5):
    def f(x):
        a = x[:, :-1]
        return -scale * np.sum((1 - a) ** 2 + 100 * (x[:, 1:] - a * a) ** 2, axis=1)
    if scale == 0.5:
        return Problem(f'rosenbrock-chain-{d}', d, *box(d, -5, 5), f, -38.304603,
                       mode_weights=[0.797471, 0.202529],
                       mode_assign=lambda x: np.where(x[:, 0] > 0, 0, 1))
    return Problem(f'rosenbrock-nautilus-{d}', d, *box(d, -5, 5), f, -43.108355,
                   mode_weights=[0.974772, 0.025228],
                   mode_assign=lambda x: np.where(x[:, 0] > 0, 0, 1))


def _loggamma1(x, loc, scale=1 / 30):
    y = (x - loc) / scale
    return y - np.exp(y) - math.log(scale)


def _lognormal(x, mu, scale=1 / 30):
    z = (x - mu) / scale
    return -0.5 * LOG_2PI - math.log(scale) - 0.5 * z * z


def loggamma(d=30):
    last_gamma = (d + 2) / 2 - 1

    def f(x):
        s = np.logaddexp(_loggamma1(x[:, 0], 1 / 3), _loggamma1(x[:, 0], 2 / 3)) - math.log(2)
        s = s + np.logaddexp(_lognormal(x[:, 1], 1 / 3), _lognormal(x[:, 1], 2 / 3)) - math.log(2)
        for i in range(2, d):
            s = s + (_loggamma1(x[:, i], 2 / 3) if i <= last_gamma else _lognormal(x[:, i], 2 / 3))
        return s
    # Closed form, as in log-gamma.ts (its value printed by `npm run bench -- accuracy --list`).
    F = lambda x, loc: -math.expm1(-math.exp((x - loc) * 30))
    from scipy.stats import norm
    G = lambda a, b, loc: F(b, loc) - F(a, loc)
    N = lambda a, b, mu: norm.cdf((b - mu) * 30) - norm.cdf((a - mu) * 30)
    n_gamma = sum(1 for i in range(2, d) if i <= last_gamma)
    logz = (math.log(0.5 * (G(0, 1, 1 / 3) + G(0, 1, 2 / 3))) + math.log(0.5 * (N(0, 1, 1 / 3) + N(0, 1, 2 / 3)))
            + n_gamma * math.log(G(0, 1, 2 / 3)) + (d - 2 - n_gamma) * math.log(N(0, 1, 2 / 3)))
    low0 = 0.5 * (G(0, 0.5, 1 / 3) + G(0, 0.5, 2 / 3)) / (0.5 * (G(0, 1, 1 / 3) + G(0, 1, 2 / 3)))
    low1 = 0.5
    weights = [low0 * low1, low0 * (1 - low1), (1 - low0) * low1, (1 - low0) * (1 - low1)]
    return Problem(f'loggamma-{d}', d, *box(d, 0, 1), f, logz, mode_weights=weights,
                   mode_assign=lambda x: np.where(x[:, 0] < 0.5, 0, 2) + np.where(x[:, 1] < 0.5, 0, 1))


def funnel(d=20, gamma=0.95):
    m = d - 1
    c = 1 - gamma + m * gamma
    logdet = (m - 1) * math.log(1 - gamma) + math.log(c)
    const = -0.5 * LOG_2PI - 0.5 * m * LOG_2PI - 0.5 * logdet + d * math.log(20)  # nautilus: density in unit-cube coordinates

    def f(x):
        v = x[:, 0]
        rest = x[:, 1:]
        q = (np.sum(rest * rest, axis=1) - gamma * np.sum(rest, axis=1) ** 2 / c) / (1 - gamma)
        return const - 0.5 * v * v - 0.5 * m * v - 0.5 * q * np.exp(-v)
    return Problem(f'funnel-{d}', d, *box(d, -10, 10), f, -0.000381)


def neal_funnel(d=10):
    m = d - 1
    const = -0.5 * LOG_2PI - math.log(3) - 0.5 * m * LOG_2PI

    def f(x):
        v = x[:, 0]
        return const - v * v / 18 - 0.5 * m * v - 0.5 * np.sum(x[:, 1:] ** 2, axis=1) * np.exp(-v)
    return Problem(f'neal-funnel-{d}', d, *box(d, -10, 10), f, -30.094608)


def mulberry32(seed):
    """The 32-bit generator of the period-search report, bit for bit as in JavaScript."""
    state = seed & 0xFFFFFFFF
    M = 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & M

    def nxt():
        nonlocal state
        state = (state + 0x6D2B79F5) & M
        t = imul(state ^ (state >> 15), 1 | state)
        t = ((t + imul(t ^ (t >> 7), 61 | t)) & M) ^ t
        return ((t ^ (t >> 14)) & M) / 4294967296
    return nxt


def period_data():
    """The recipe of period-search.ts: all 60 times first, sorted, then Box–Muller on 1 - u1."""
    rng = mulberry32(42)
    t = np.sort(np.array([20 * rng() for _ in range(60)]))
    y = np.empty(60)
    for i in range(60):
        u1 = rng()
        u2 = rng()
        y[i] = 1.5 * math.sin(2 * math.pi * t[i] / 3.7 + 1.0) + 0.5 * math.sqrt(-2 * math.log(1 - u1)) * math.cos(2 * math.pi * u2)
    return t, y


def period_search():
    t, y = period_data()
    n = len(t)

    def f(x):
        amp, per, phase, log10s = x[:, 0:1], x[:, 1:2], x[:, 2:3], x[:, 3]
        model = amp * np.sin(2 * np.pi * t[None, :] / per + phase)
        s = np.sum((y[None, :] - model) ** 2, axis=1)
        log_sigma = log10s * math.log(10)
        return -0.5 * n * LOG_2PI - n * log_sigma - 0.5 * s * np.exp(-2 * log_sigma)
    lo = np.array([0, 2, 0, -2.0])
    hi = np.array([5, 6, 2 * np.pi, 1.0])
    return Problem('period-search', 4, lo, hi, f, -44.595035, periodic=[2])


# UltraNest's problem set (Buchner, github.com/JohannesBuchner/space-of-inference-spaces), as in
# tools/bench/accuracy/problems/ultranest.ts.
def asymgauss(d=16):
    sigma_min = 10 ** (-10 + d ** 0.5 / 2)
    sigma = 10 ** (-1 + np.arange(d) / (d - 1) * (math.log10(sigma_min) + 1))
    centre = (np.sin(np.arange(d) / 2) * np.maximum(1e-20, 1 - 5 * sigma) + 1) / 2
    norm = float(np.sum(-0.5 * LOG_2PI - np.log(sigma)))

    def f(x):
        return norm - 0.5 * np.sum(((x - centre) / sigma) ** 2, axis=1)
    return Problem(f'asymgauss-{d}', d, *box(d, 0, 1), f, -0.002493)


BETA_A = np.array([3.4885205571560753, 0.11002817226254386, 1.850531447753669, 3.1449066951230926, 0.9931481194831946, 0.2815744802026464, 0.24895779540435015, 3.319414023327545, 0.21788216053884008, 0.15020335327164713])
BETA_B = np.array([2.3481164807395873, 8.068386469121057, 0.1018348745338606, 1.0577536357318942, 4.21931474480692, 1.6790055575223646, 2.776582837340574, 0.3834883158240994, 6.847755494022186, 2.6862817821882143])


def beta_product():
    from scipy.special import betaln
    norms = betaln(BETA_A, BETA_B)

    def f(x):
        with np.errstate(divide='ignore', invalid='ignore'):
            s = np.sum((BETA_A - 1) * np.log(x) + (BETA_B - 1) * np.log1p(-x) - norms, axis=1)
        return np.where(np.isfinite(s), s, -1e300)
    return Problem('beta-10', 10, *box(10, 0, 1), f, 0.0)


def high_box(d=5):
    def f(x):
        return -0.5 * np.sum((x / 0.1) ** 2, axis=1) + np.where(np.max(x, axis=1) < 0.1, 100.0, 0.0)
    return Problem(f'box-{d}', d, *box(d, 0, 1), f, 87.707456)


def spike_and_slab(d=2, factor=1000, offset=4):
    s2 = factor ** (-1 / d)
    log_slab = math.log(2) - 0.5 * d * LOG_2PI
    log_spike = math.log(2) - 0.5 * d * LOG_2PI - d * math.log(s2)

    def f(x):
        return np.logaddexp(log_slab - 0.5 * np.sum((x - offset) ** 2, axis=1), log_spike - 0.5 * np.sum((x / s2) ** 2, axis=1))
    m_slab = (0.5 * (math.erf((10 - offset) / math.sqrt(2)) - math.erf((-10 - offset) / math.sqrt(2)))) ** d
    m_spike = math.erf(10 / (s2 * math.sqrt(2))) ** d
    log_z = math.log(2 * m_slab + 2 * m_spike) - d * math.log(20)
    radius = max(0.3, 5 * s2)
    return Problem(f'spikeslab-{d}', d, *box(d, -10, 10), f, log_z, mode_weights=[m_spike / (m_spike + m_slab), m_slab / (m_spike + m_slab)],
                   mode_assign=lambda x: np.where(np.sqrt(np.sum(x * x, axis=1)) < radius, 0, 1))


def unequal_gaussians(d=20):
    w = np.array([0.2, 0.8])
    sig = np.array([0.5, 1.5])
    cen = np.array([-4.0, 4.0])
    lognorm = -0.5 * d * LOG_2PI - d * np.log(sig)

    def comp(x, c):
        shift = np.zeros(d)
        shift[0] = cen[c]
        return math.log(w[c]) + lognorm[c] - 0.5 * np.sum(((x - shift) / sig[c]) ** 2, axis=1)

    def f(x):
        return np.logaddexp(comp(x, 0), comp(x, 1))
    pinned = {20: -59.914671, 5: -14.978687}
    return Problem(f'unequal-gauss-{d}', d, *box(d, -10, 10), f, pinned[d], mode_weights=[0.200005, 0.799995],
                   mode_assign=lambda x: np.where(comp(x, 0) > comp(x, 1), 0, 1))


def student_product(d=10, L=50):
    def f(x):
        return np.sum(-1.5 * np.log(2 + x ** 2), axis=1)
    return Problem(f'student2-{d}', d, *box(d, -L, L), f, d * (math.log(L / math.sqrt(2 + L * L)) - math.log(2 * L)))


def four_gaussians(d=8):
    w = np.array([0.1, 0.2, 0.3, 0.4])
    cen = np.array([[5.0, 0.0], [-5.0, 0.0], [0.0, 5.0], [0.0, -5.0]])
    lognorm = -0.5 * d * LOG_2PI
    mass = normal_interval(-15, 5) * normal_interval(-10, 10) ** (d - 1)

    def sq(x):
        rest = np.sum(x[:, 2:] ** 2, axis=1)
        return np.stack([(x[:, 0] - c[0]) ** 2 + (x[:, 1] - c[1]) ** 2 + rest for c in cen], axis=1)

    def f(x):
        q = sq(x)
        return lognorm + np.logaddexp.reduce(np.log(w)[None, :] - 0.5 * q, axis=1)
    return Problem(f'four-gauss-{d}', d, *box(d, -10, 10), f, math.log(mass) - d * math.log(20),
                   mode_weights=list(w), mode_assign=lambda x: np.argmin(sq(x), axis=1))


def light_modes(d=4):
    w = np.array([0.5, 0.3, 0.12, 0.05, 0.03])
    cen = np.zeros((5, d))
    for k in range(5):
        cen[k, k >> 1] = -6.0 if k % 2 else 6.0
    mass = normal_interval(-16, 4) * normal_interval(-10, 10) ** (d - 1)

    def sq(x):
        return np.stack([np.sum((x - c) ** 2, axis=1) for c in cen], axis=1)

    def f(x):
        return -0.5 * d * LOG_2PI + np.logaddexp.reduce(np.log(w)[None, :] - 0.5 * sq(x), axis=1)
    return Problem(f'light-modes-{d}', d, *box(d, -10, 10), f, math.log(mass) - d * math.log(20),
                   mode_weights=list(w), mode_assign=lambda x: np.argmin(sq(x), axis=1))


def equicorrelated_gaussian(d=10, rho=0.95):
    k = rho / (1 + (d - 1) * rho)
    lognorm = -0.5 * d * LOG_2PI - 0.5 * ((d - 1) * math.log(1 - rho) + math.log(1 + (d - 1) * rho))

    def f(x):
        s1 = np.sum(x, axis=1)
        s2 = np.sum(x * x, axis=1)
        return lognorm - 0.5 * (s2 - k * s1 * s1) / (1 - rho)
    return Problem(f'equicorr-gauss-{d}', d, *box(d, -10, 10), f, -d * math.log(20))


def half_gaussian(d=8):
    def f(x):
        return -0.5 * d * LOG_2PI - 0.5 * np.sum(x ** 2, axis=1)
    return Problem(f'halfgauss-{d}', d, *box(d, 0, 5), f, d * math.log(normal_interval(0, 5) / 5))


def partly_constrained_gaussian(d=10, k=5):
    def f(x):
        return -0.5 * k * LOG_2PI - 0.5 * np.sum(x[:, :k] ** 2, axis=1)
    return Problem(f'partial-gauss-{d}', d, *box(d, -10, 10), f, -k * math.log(20))


def scaled_gaussian(d=20):
    s = 10.0 ** (-3 + 3 * np.arange(d) / (d - 1))
    lognorm = -0.5 * d * LOG_2PI - float(np.sum(np.log(s)))
    logmass = sum(math.log(normal_interval(-6 / sj, 4 / sj)) for sj in s)

    def f(x):
        return lognorm - 0.5 * np.sum(((x - 1) / s) ** 2, axis=1)
    return Problem(f'scales-{d}', d, *box(d, -5, 5), f, logmass - d * math.log(10))


def correlated_student(d=10, nu=5, rho=0.5):
    a = 1 - rho * rho
    diag = np.full(d, (1 + rho * rho) / a)
    diag[0] = diag[-1] = 1 / a
    off = -rho / a
    lognorm = math.lgamma((nu + d) / 2) - math.lgamma(nu / 2) - 0.5 * d * math.log(nu * math.pi) - 0.5 * (d - 1) * math.log(a)

    def f(x):
        q = np.sum(diag * x * x, axis=1) + 2 * off * np.sum(x[:, :-1] * x[:, 1:], axis=1)
        return lognorm - 0.5 * (nu + d) * np.log1p(q / nu)
    return Problem(f'student5-corr-{d}', d, *box(d, -50, 50), f, -d * math.log(100))


EIGHT_Y = np.array([28.0, 8, -3, 7, -1, 1, 18, 12])
EIGHT_SIGMA = np.array([15.0, 10, 16, 11, 9, 11, 10, 18])


def eight_schools():
    data_norm = float(np.sum(-0.5 * LOG_2PI - np.log(EIGHT_SIGMA)))
    lo = np.array([-50.0, 0.0] + [-100.0] * 8)
    hi = np.array([50.0, 50.0] + [100.0] * 8)

    def f(x):
        mu, tau, theta = x[:, 0], x[:, 1], x[:, 2:]
        with np.errstate(divide='ignore', invalid='ignore'):
            s = data_norm - 8 * (0.5 * LOG_2PI + np.log(tau)) - np.sum(0.5 * ((EIGHT_Y - theta) / EIGHT_SIGMA) ** 2, axis=1) \
                - np.sum(0.5 * ((theta - mu[:, None]) / tau[:, None]) ** 2, axis=1)
        return np.where(tau > 0, s, -np.inf)
    return Problem('eight-schools', 10, lo, hi, f, -75.982514)


def twisted_gaussian(d=10, b=0.1):
    lo = np.array([-40.0, -20.0] + [-10.0] * (d - 2))
    hi = np.array([40.0, 160.0] + [10.0] * (d - 2))
    const = -0.5 * d * LOG_2PI - math.log(10)

    def f(x):
        x2 = x[:, 1] - b * (x[:, 0] ** 2 - 100)
        return const - 0.5 * ((x[:, 0] / 10) ** 2 + x2 ** 2 + np.sum(x[:, 2:] ** 2, axis=1))
    return Problem(f'twisted-gauss-{d}', d, lo, hi, f, -33.540905)


def hyperbola_ridge(d=10, width=0.05):
    const = -0.5 * LOG_2PI - math.log(width) - 0.5 * (d - 2) * LOG_2PI

    def f(x):
        return const - 0.5 * (((x[:, 0] * x[:, 1] - 1) / width) ** 2 + np.sum(x[:, 2:] ** 2, axis=1))
    return Problem(f'hyperbola-{d}', d, *box(d, -5, 5), f, -21.163286, mode_weights=[0.5, 0.5],
                   mode_assign=lambda x: np.where(x[:, 0] > 0, 0, 1))


# Added in session 20 (tools/bench/accuracy/problems/unseen.ts).

def concentric(d=5, s=0.1):
    logw = math.log(0.5) - 0.5 * d * LOG_2PI

    def f(x):
        r2 = np.sum(x ** 2, axis=1)
        return np.logaddexp(logw - d * math.log(s) - 0.5 * r2 / s ** 2, logw - 0.5 * r2)
    from scipy.special import gammainc
    inner = [gammainc(d / 2, 4.5 * d), gammainc(d / 2, 4.5 * s * s * d)]
    return Problem(f'concentric-{d}', d, *box(d, -5, 5), f, -11.512926898227473,
                   mode_weights=[0.5 * (inner[0] + inner[1]), 0.5 * (2 - inner[0] - inner[1])],
                   mode_assign=lambda x: np.where(np.sum(x ** 2, axis=1) < 9 * s * s * d, 0, 1))


def pyramid(d=10, s=0.02):
    def f(x):
        return -np.max(np.abs(x - 0.5), axis=1) / s
    return Problem(f'pyramid-{d}', d, *box(d, 0, 1), f, -17.084567176774314)


def cauchy_product(d=5, g=0.1):
    def f(x):
        return np.sum(math.log(g / math.pi) - np.log(x ** 2 + g * g), axis=1)
    return Problem(f'cauchy-{d}', d, *box(d, -10, 10), f, -15.010593041889347)


def laplace_product(d=10, b=0.3):
    m = np.where(np.arange(d) % 2 == 1, -1.0, 1.0)

    def f(x):
        return -d * math.log(2 * b) - np.sum(np.abs(x - m), axis=1) / b
    return Problem(f'laplace-{d}', d, *box(d, -10, 10), f, -29.95732273554037)


def narrow_gaussian(d=4, s=1e-4):
    mu = np.array([0.31, 0.62, 0.47, 0.83, 0.55, 0.21, 0.74, 0.38][:d])

    def f(x):
        return -d * math.log(s) - 0.5 * d * LOG_2PI - 0.5 * np.sum(((x - mu) / s) ** 2, axis=1)
    return Problem(f'narrow-gauss-{d}', d, *box(d, 0, 1), f, 0.0)


def many_modes():
    rng = mulberry32(7)
    centres, widths, weights = [], [], []
    while len(centres) < 12:
        c = [0.08 + 0.84 * rng(), 0.08 + 0.84 * rng()]
        if any(math.hypot(q[0] - c[0], q[1] - c[1]) < 0.18 for q in centres):
            continue
        centres.append(c)
        widths.append(0.01 + 0.02 * rng())
        weights.append(0.02 + rng())
    weights[0] = 0.0
    rest = sum(weights)
    weights = [0.012] + [w * (1 - 0.012) / rest for w in weights[1:]]
    c = np.array(centres)
    s = np.array(widths)
    logw = np.log(weights) - LOG_2PI - 2 * np.log(s)
    mass = [normal_interval(-c[k, 0] / s[k], (1 - c[k, 0]) / s[k]) * normal_interval(-c[k, 1] / s[k], (1 - c[k, 1]) / s[k]) for k in range(12)]
    z = sum(w * m for w, m in zip(weights, mass))

    def f(x):
        d2 = (x[:, None, 0] - c[None, :, 0]) ** 2 + (x[:, None, 1] - c[None, :, 1]) ** 2
        t = logw[None, :] - 0.5 * d2 / s[None, :] ** 2
        top = np.max(t, axis=1)
        return top + np.log(np.sum(np.exp(t - top[:, None]), axis=1))

    def assign(x):
        r = np.hypot(x[:, None, 0] - c[None, :, 0], x[:, None, 1] - c[None, :, 1]) / s[None, :]
        return np.argmin(r, axis=1)
    return Problem('many-modes-2', 2, *box(2, 0, 1), f, -1.4300107066987754e-5,
                   mode_weights=[w * m / z for w, m in zip(weights, mass)], mode_assign=assign)


HIMMELBLAU_MINIMA = np.array([[3, 2], [-2.805118, 3.131312], [-3.77931, -3.283186], [3.584428, -1.848126]])


def himmelblau():
    def f(x):
        return -((x[:, 0] ** 2 + x[:, 1] - 11) ** 2 + (x[:, 0] + x[:, 1] ** 2 - 7) ** 2)

    def assign(x):
        return np.argmin(np.hypot(x[:, None, 0] - HIMMELBLAU_MINIMA[None, :, 0], x[:, None, 1] - HIMMELBLAU_MINIMA[None, :, 1]), axis=1)
    return Problem('himmelblau-2', 2, *box(2, -6, 6), f, -5.868492511848273,
                   mode_weights=[0.3408126, 0.2145584, 0.1591874, 0.2854416], mode_assign=assign)


def strongly_correlated_gaussian(d=10, rho=0.99):
    p = correlated_gaussian(d, rho)
    p.name = f'ar99-gauss-{d}'
    return p


# Added in session 21 (tools/bench/accuracy/problems/unseen-2.ts).

def ball_constraint(d=5, r=0.3):
    def f(x):
        return np.where(np.sum((x - 0.5) ** 2, axis=1) < r * r, 0.0, -np.inf)
    return Problem(f'ball-{d}', d, *box(d, 0, 1), f, -4.359012909353256)


def lognormal_product(d=10):
    def f(x):
        with np.errstate(divide='ignore', invalid='ignore'):
            y = np.log(x)
            s = np.sum(-y - 0.5 * LOG_2PI - 0.5 * y * y, axis=1)
        return np.where(np.all(x > 0, axis=1), s, -np.inf)
    return Problem(f'lognormal-{d}', d, *box(d, 0, 20), f, -29.97102144887293)


def exponential_corner(d=10, s=0.05):
    def f(x):
        return -d * math.log(s) - np.sum(x, axis=1) / s
    return Problem(f'exp-corner-{d}', d, *box(d, 0, 1), f, -2.061153624562735e-8)


def gaussian_on_plateau():
    d, r = 3, 2.0
    logc = -1.5 * LOG_2PI - 0.5 * r * r
    from scipy.special import gammainc
    in_ball = gammainc(1.5, r * r / 2)
    flat = math.exp(logc) * (1000 - 4 / 3 * math.pi * r ** 3)

    def f(x):
        return np.maximum(-1.5 * LOG_2PI - 0.5 * np.sum(x ** 2, axis=1), logc)
    return Problem('plateau-3', d, *box(d, -5, 5), f, -4.7057075460578766,
                   mode_weights=[float(in_ball / (in_ball + flat)), float(flat / (in_ball + flat))],
                   mode_assign=lambda x: np.where(np.sum(x ** 2, axis=1) < r * r, 0, 1))


def twin_spikes(s=0.002):
    def f(x):
        v = x[:, 0]
        return np.logaddexp(math.log(0.3) - 0.5 * ((v + 0.5) / s) ** 2, math.log(0.7) - 0.5 * ((v - 0.6) / s) ** 2) - math.log(s) - 0.5 * LOG_2PI
    return Problem('twin-spikes-1', 1, *box(1, -1, 1), f, -math.log(2), mode_weights=[0.3, 0.7],
                   mode_assign=lambda x: np.where(x[:, 0] < 0, 0, 1))


def crossing_ridges(rho=0.99):
    det = 1 - rho * rho

    def comp(x, r):
        return -LOG_2PI - 0.5 * math.log(det) - (x[:, 0] ** 2 - 2 * r * x[:, 0] * x[:, 1] + x[:, 1] ** 2) / (2 * det)

    def f(x):
        return math.log(0.5) + np.logaddexp(comp(x, rho), comp(x, -rho))
    return Problem('x-cross-2', 2, *box(2, -10, 10), f, -math.log(400), mode_weights=[0.5, 0.5],
                   mode_assign=lambda x: np.where(x[:, 0] * x[:, 1] > 0, 0, 1))


def thin_diagonal_gaussian(d=10, thin=1e-3):
    def f(x):
        t = np.sum(x, axis=1) / math.sqrt(d)
        return -0.5 * d * LOG_2PI - math.log(thin) - 0.5 * (np.sum(x ** 2, axis=1) - t * t) - 0.5 * t * t / thin ** 2
    return Problem(f'pancake-{d}', d, *box(d, -10, 10), f, -d * math.log(20))


def bimodal_product(d=8, s=0.3):
    def f(x):
        return np.sum(np.logaddexp(math.log(0.3) - 0.5 * ((x + 2) / s) ** 2, math.log(0.7) - 0.5 * ((x - 2) / s) ** 2) - math.log(s) - 0.5 * LOG_2PI, axis=1)
    return Problem(f'bimodal-product-{d}', d, *box(d, -10, 10), f, -d * math.log(20), mode_weights=[0.3, 0.7],
                   mode_assign=lambda x: np.where(x[:, 0] < 0, 0, 1))


# Added in session 22 (tools/bench/accuracy/problems/unseen-3.ts): the first problems whose priors
# are not uniform, written in TypeScript with @tempest/core's `priors` helpers.

UNIT_CLIP = 2.0 ** -53


def normal_prior(mean, sd):
    """@tempest/core's priors.normal: mean + sd * Phi^-1(u), u clipped to [2^-53, 1 - 2^-53]."""
    from scipy.special import ndtri
    return lambda u: mean + sd * ndtri(np.clip(u, UNIT_CLIP, 1 - UNIT_CLIP))


def log_uniform_prior(low, high):
    """@tempest/core's priors.logUniform: low * (high / low)^u, as exp(ln low + u ln(high / low))."""
    log_low = math.log(low)
    log_width = math.log(high) - log_low
    return lambda u: np.where(u <= 0, low, np.where(u >= 1, high, np.exp(log_low + log_width * u)))


def independent_prior(*transforms):
    """@tempest/core's priors.independentPrior: parameter j is transforms[j] of u_j; returns the
    transform of one vector or of an (n, ndim) array, and the prior's range (its values at u = 0, 1)."""
    def f(u):
        return np.stack([t(u[..., j]) for j, t in enumerate(transforms)], axis=-1).astype(float)
    return f, f(np.zeros(len(transforms))), f(np.ones(len(transforms)))


def box_muller(rng):
    """One standard normal from two uniforms, as unseen-3.ts and the period search (1 - u1, cosine)."""
    u1 = rng()
    u2 = rng()
    return math.sqrt(-2 * math.log(1 - u1)) * math.cos(2 * math.pi * u2)


def linear_regression_data(n=30, p=12, noise=0.3, seed=2024):
    """unseen-3.ts's recipe: mulberry32(2024); X (n x p, row by row) = 2 rng() - 1 first, then
    y_i = x_i . beta* + 0.3 z_i in turn (z_i by Box-Muller), beta*_j = [-1, 0.5, 2][j mod 3]."""
    rng = mulberry32(seed)
    X = np.array([2 * rng() - 1 for _ in range(n * p)]).reshape(n, p)
    beta = np.array([[-1, 0.5, 2][j % 3] for j in range(p)], dtype=float)
    y = np.empty(n)
    for i in range(n):
        m = 0.0
        for j in range(p):
            m += float(X[i, j]) * float(beta[j])
        y[i] = m + noise * box_muller(rng)
    return X, y, beta


def linear_regression(n=30, p=12, noise=0.3, prior_sd=2.0):
    X, y, _ = linear_regression_data(n, p, noise)
    lognorm = -n * (0.5 * LOG_2PI + math.log(noise))
    transform, lo, hi = independent_prior(*[normal_prior(0, prior_sd) for _ in range(p)])

    def f(x):
        r = (y[None, :] - x @ X.T) / noise
        return lognorm - 0.5 * np.sum(r * r, axis=1)
    return Problem(f'linreg-{p}', p, lo, hi, f, -35.35651231959049, transform=transform)


PRIOR_TAIL_MEASURED = np.array([2, 2.5, 3, 3.5, 4, 4.5])


def prior_tail(error=0.1):
    m = PRIOR_TAIL_MEASURED
    d = len(m)
    lognorm = -d * (0.5 * LOG_2PI + math.log(error))
    transform, lo, hi = independent_prior(*[normal_prior(0, 1) for _ in range(d)])

    def f(x):
        return lognorm - 0.5 * np.sum(((x - m) / error) ** 2, axis=1)
    return Problem(f'prior-tail-{d}', d, lo, hi, f, -39.08308615218358, transform=transform)


def wedding_cake(d=5, levels=20, width=3):
    def f(x):
        level = np.minimum(np.floor(2 * np.max(np.abs(x - 0.5), axis=1) * levels), levels - 1)
        return -level ** 2 / (2 * width ** 2)
    return Problem(f'wedding-cake-{d}', d, *box(d, 0, 1), f, -6.187532480370579)


def multi_student_scales(d):
    return np.array([0.5 * 4.0 ** (j / (d - 1)) for j in range(d)])


def multivariate_student(d=30, dof=3, half=20):
    s = multi_student_scales(d)
    lognorm = math.lgamma((dof + d) / 2) - math.lgamma(dof / 2) - (d / 2) * math.log(dof * math.pi) - float(np.sum(np.log(s)))

    def f(x):
        return lognorm - ((dof + d) / 2) * np.log1p(np.sum((x / s) ** 2, axis=1) / dof)
    return Problem(f'mvt3-{d}', d, *box(d, -half, half), f, -110.6731291267419)


# weight, centre of coordinate j, scale, AR(1) correlation
GAUSS_MIX = [(0.2, lambda j: -3.0, 0.5, 0.9), (0.3, lambda j: 3.0, 0.8, -0.5), (0.5, lambda j: -3.0 if j % 2 else 3.0, 1.0, 0.0)]


def three_shaped_gaussians(d=15):
    cen = np.array([[c(j) for j in range(d)] for _, c, _, _ in GAUSS_MIX])
    scale = np.array([s for _, _, s, _ in GAUSS_MIX])
    rho = np.array([r for _, _, _, r in GAUSS_MIX])
    logconst = np.array([math.log(w) - 0.5 * d * LOG_2PI - d * math.log(s) - 0.5 * (d - 1) * math.log1p(-r * r) for w, _, s, r in GAUSS_MIX])

    def f(x):
        terms = []
        for k in range(3):
            # AR(1) precision (tridiagonal) of v = (x - centre) / scale.
            v = (x - cen[k]) / scale[k]
            a = 1 - rho[k] ** 2
            diag = np.full(d, (1 + rho[k] ** 2) / a)
            diag[0] = diag[-1] = 1 / a
            q = np.sum(diag * v * v, axis=1) - 2 * rho[k] / a * np.sum(v[:, :-1] * v[:, 1:], axis=1)
            terms.append(logconst[k] - 0.5 * q)
        return np.logaddexp.reduce(np.stack(terms, axis=1), axis=1)

    def assign(x):
        return np.argmin(np.stack([np.sum((x - c) ** 2, axis=1) for c in cen], axis=1), axis=1)
    return Problem(f'gauss-mix-{d}', d, *box(d, -10, 10), f, -44.93598410331946,
                   mode_weights=[w for w, _, _, _ in GAUSS_MIX], mode_assign=assign)


def mean_scale_data(n=8, seed=99, mean=3.0, sd=1.5):
    """unseen-3.ts's recipe: y_i = 3 + 1.5 z_i in turn, z_i by Box-Muller from mulberry32(99)."""
    rng = mulberry32(seed)
    return np.array([mean + sd * box_muller(rng) for _ in range(n)])


def mean_and_scale():
    y = mean_scale_data()
    n = len(y)
    transform, lo, hi = independent_prior(normal_prior(0, 10), log_uniform_prior(0.01, 100))

    def f(x):
        mu, sigma = x[:, 0:1], x[:, 1:2]
        return -n * (0.5 * LOG_2PI + np.log(sigma[:, 0])) - 0.5 * np.sum(((y[None, :] - mu) / sigma) ** 2, axis=1)
    return Problem('mean-scale-2', 2, lo, hi, f, -13.95585872824174, transform=transform)


def eight_schools_standard_priors():
    """eight-schools-nc: mu ~ N(0, 5^2), tau ~ HalfCauchy(5) (5 tan(pi u / 2)), theta_j = mu + tau Phi^-1(u_j)."""
    from scipy.special import ndtri
    data_norm = float(np.sum(-0.5 * LOG_2PI - np.log(EIGHT_SIGMA)))
    mu_t = normal_prior(0, 5)

    def transform(u):
        u = np.asarray(u, dtype=float)
        mu = mu_t(u[..., 0])
        tau = 5 * np.tan(np.pi / 2 * u[..., 1])
        z = ndtri(np.clip(u[..., 2:], UNIT_CLIP, 1 - UNIT_CLIP))
        theta = mu[..., None] + tau[..., None] * z
        return np.concatenate([mu[..., None], tau[..., None], theta], axis=-1)

    def f(x):
        return data_norm - np.sum(0.5 * ((EIGHT_Y - x[:, 2:]) / EIGHT_SIGMA) ** 2, axis=1)
    lo, hi = transform(np.zeros(10)), transform(np.ones(10))
    return Problem('eight-schools-nc', 10, lo, hi, f, -31.31134735229278, transform=transform)


# Session 29's fifth probe (unseen-4.ts).
TORUS = dict(k1=2.0, k2=2.0, lam=8.0, mu=(0.3, 6.0), vm=((20.0, 6.2, -0.57251250534638043), (0.5, 1.0, 1.3994267855948268)))


def torus():
    t = TORUS

    def f(x):
        u, v = x[:, 0] - t['mu'][0], x[:, 1] - t['mu'][1]
        l = t['k1'] * (np.cos(u) - 1) + t['k2'] * (np.cos(v) - 1) + t['lam'] * np.sin(u) * np.sin(v)
        for j, (kappa, mu, lognorm) in enumerate(t['vm']):
            l = l + kappa * (np.cos(x[:, 2 + j] - mu) - 1) - lognorm
        return l

    def assign(x):
        return np.where(np.sin(x[:, 0] - t['mu'][0]) + np.sin(x[:, 1] - t['mu'][1]) > 0, 0, 1)
    return Problem('torus-4', 4, *box(4, 0, 2 * math.pi), f, -2.313165158378, periodic=[0, 1, 2, 3],
                   mode_weights=[0.5, 0.5], mode_assign=assign)


def label_switch_data(n=30, seed=31, means=(-2.5, 0.0, 2.5)):
    """unseen-4.ts's recipe: y_i = means[i mod 3] + z_i in turn, z_i by Box-Muller from mulberry32(31)."""
    rng = mulberry32(seed)
    return np.array([means[i % 3] + box_muller(rng) for i in range(n)])


ORDERINGS = [(0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)]


def label_switching():
    y = label_switch_data()

    def f(x):
        q = -0.5 * (y[None, :, None] - x[:, None, :]) ** 2
        return np.sum(-0.5 * LOG_2PI - math.log(3) + np.logaddexp.reduce(q, axis=2), axis=1)

    def assign(x):
        out = np.zeros(len(x), dtype=int)
        for k, (a, b, c) in enumerate(ORDERINGS):
            out[(x[:, a] <= x[:, b]) & (x[:, b] <= x[:, c])] = k
        return out
    return Problem('label-switch-3', 3, *box(3, -10, 10), f, -68.802035989888, mode_weights=[1 / 6] * 6, mode_assign=assign)


def ordered_parameters(d=5, s=0.1):
    lognorm = -d * (0.5 * LOG_2PI + math.log(s))

    def f(x):
        ordered = np.all(np.diff(x, axis=1) > 0, axis=1)
        return np.where(ordered, lognorm - 0.5 * np.sum(((x - 0.5) / s) ** 2, axis=1), -np.inf)
    return Problem(f'ordered-{d}', d, *box(d, 0, 1), f, d * math.log(normal_interval(-5, 5)) - math.lgamma(d + 1))


def logistic_data(n=40, seed=77, beta=(0.5, 4.0, -3.0)):
    """unseen-4.ts's recipe: mulberry32(77); the features (n x 2, row by row) = 2 rng() - 1 first,
    then y_i = 1 when rng() < sigmoid(beta0 + beta . x_i), else 0, in turn."""
    rng = mulberry32(seed)
    X = np.array([2 * rng() - 1 for _ in range(2 * n)]).reshape(n, 2)
    y = np.array([1.0 if rng() < 1 / (1 + math.exp(-(beta[0] + beta[1] * float(X[i, 0]) + beta[2] * float(X[i, 1])))) else 0.0 for i in range(n)])
    return X, y


def logistic_regression(prior_sd=5.0):
    X, y = logistic_data()
    transform, lo, hi = independent_prior(*[normal_prior(0, prior_sd) for _ in range(3)])

    def f(b):
        eta = b[:, 0:1] + b[:, 1:2] * X[None, :, 0] + b[:, 2:3] * X[None, :, 1]
        return np.sum(y[None, :] * eta - np.logaddexp(0, eta), axis=1)
    return Problem('logistic-3', 3, lo, hi, f, -24.394713431507, transform=transform)


# Session 30's sixth probe (unseen-5.ts).
SIMPLEX_COUNTS = (40, 7, 2, 0)


def simplex_proportions():
    """Uniform prior on the 4-simplex by stick breaking: b_k = 1 - (1 - u_k)^(1 / (K - 1 - k)),
    p_k = b_k times what earlier fractions left; the parameters are the first K - 1 proportions."""
    n = np.array(SIMPLEX_COUNTS, dtype=float)
    k = len(n)

    def transform(u):
        u = np.asarray(u, dtype=float)
        p = np.empty_like(u)
        left = np.ones(u.shape[:-1])
        for j in range(k - 1):
            b = 1 - (1 - u[..., j]) ** (1 / (k - 1 - j))
            p[..., j] = left * b
            left = left - p[..., j]
        return p

    def f(x):
        last = np.maximum(1 - np.sum(x, axis=1), 0)
        full = np.concatenate([x, last[:, None]], axis=1)
        with np.errstate(divide='ignore'):
            return np.sum(np.where(n > 0, n * np.log(full), 0.0), axis=1)
    true = math.lgamma(k) + sum(math.lgamma(1 + c) for c in n) - math.lgamma(k + n.sum())
    return Problem(f'simplex-{k}', k - 1, np.zeros(k - 1), np.ones(k - 1), f, true, transform=transform)


def prior_filling(d=20):
    c = 4 * np.sin(np.arange(d) + 1.0)
    s = np.where(np.arange(d) < 2, 0.1, 6.0)
    lognorm = -np.sum(0.5 * LOG_2PI + np.log(s))

    def f(x):
        return lognorm - 0.5 * np.sum(((x - c) / s) ** 2, axis=1)
    true = sum(math.log(normal_interval((-10 - c[j]) / s[j], (10 - c[j]) / s[j])) - math.log(20) for j in range(d))
    return Problem(f'prior-filling-{d}', d, *box(d, -10, 10), f, true)


def all_problems():
    return [unit_gaussian(10), correlated_gaussian(10), correlated_gaussian(25), correlated_gaussian(50),
            correlated_gaussian(100), correlated_gaussian(200), two_gaussians(10), eggbox(), shells(),
            rosenbrock_pairs(5), rosenbrock_chain(10), loggamma(30), funnel(20), neal_funnel(10),
            period_search(), asymgauss(16), beta_product(), high_box(5), spike_and_slab(2, 1000, 4),
            unequal_gaussians(20), student_product(10),
            shells(5), shells(10), four_gaussians(8), half_gaussian(8), scaled_gaussian(20), correlated_student(10),
            light_modes(4), equicorrelated_gaussian(10), partly_constrained_gaussian(10, 5), shells(20),
            eight_schools(), twisted_gaussian(10, 0.1), hyperbola_ridge(10, 0.05), unequal_gaussians(5),
            concentric(5), pyramid(10), cauchy_product(5), laplace_product(10), narrow_gaussian(4), many_modes(),
            himmelblau(), strongly_correlated_gaussian(10),
            ball_constraint(5), lognormal_product(10), exponential_corner(10), gaussian_on_plateau(), twin_spikes(),
            crossing_ridges(), thin_diagonal_gaussian(10), bimodal_product(8),
            linear_regression(), prior_tail(), wedding_cake(5), multivariate_student(30), three_shaped_gaussians(15),
            mean_and_scale(), eight_schools_standard_priors(), rosenbrock_chain(10, 1), spike_and_slab(4, 1000, 4),
            two_gaussians(20), torus(), label_switching(), ordered_parameters(5), logistic_regression(),
            simplex_proportions(), prior_filling(20)]


def by_name(names):
    probs = all_problems()
    if not names:
        return probs
    # A full name selects that problem only (corr-gauss-10 is not corr-gauss-100); else a prefix.
    full = {p.name for p in probs}
    match = lambda p, q: p.name == q if q in full else p.name.startswith(q)
    out = [p for p in probs if any(match(p, q) for q in names)]
    unknown = [q for q in names if not any(match(p, q) for p in probs)]
    if unknown:
        raise SystemExit(f"unknown problem(s) {unknown}; known: {[p.name for p in probs]}")
    return out
