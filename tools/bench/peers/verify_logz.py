"""Second, independent check of every pinned log Z (scipy and numpy, written apart from
tools/bench/accuracy/verify-logz.ts), and a check that problems.py computes the same likelihoods
as the TypeScript problems.

    npm run bench -- accuracy --verify --export-points /tmp/points.json
    python3 tools/bench/peers/verify_logz.py /tmp/points.json [name or prefix ...]

Takes a few minutes (the funnel's Monte Carlo and the period search's grid are the slow parts).
"""
import json
import math
import sys
import time

import numpy as np
from numpy.polynomial.legendre import leggauss
import scipy.stats
from scipy import integrate
from scipy.integrate import quad
from scipy.special import gammaln, logsumexp, stdtr
from scipy.stats import loggamma, multivariate_normal, norm

import problems as P


def gl(a, b, panels, order):
    """Composite Gauss–Legendre nodes and weights on [a, b]."""
    x0, w0 = leggauss(order)
    edges = np.linspace(a, b, panels + 1)
    mid = 0.5 * (edges[1:] + edges[:-1])
    half = 0.5 * np.diff(edges)
    return (mid[:, None] + half[:, None] * x0[None, :]).ravel(), (half[:, None] * w0[None, :]).ravel()


def scipy_reference(p, x):
    """The log-likelihood at x from scipy's own densities, where the problem is a normalised density
    (a wrong normalisation would shift log Z without any quadrature noticing)."""
    d = p.ndim
    if p.name.startswith('gauss-mix-'):  # before 'gauss-', a prefix of its name
        return gauss_mix_scipy(x)
    if p.name.startswith('gauss-'):
        return np.sum(norm.logpdf(x, np.where(np.arange(d) % 2 == 1, -0.5, 0.5), 1))
    if p.name.startswith('two-gauss-'):
        return np.logaddexp(math.log(0.33) + np.sum(norm.logpdf(x, 2, 1)), math.log(0.67) + np.sum(norm.logpdf(x, -2, 1)))
    if p.name.startswith('neal-funnel-'):
        return norm.logpdf(x[0], 0, 3) + np.sum(norm.logpdf(x[1:], 0, math.exp(x[0] / 2)))
    if p.name.startswith('loggamma-'):
        s = 1 / 30
        out = np.logaddexp(loggamma.logpdf(x[0], 1, loc=1 / 3, scale=s), loggamma.logpdf(x[0], 1, loc=2 / 3, scale=s)) - math.log(2)
        out += np.logaddexp(norm.logpdf(x[1], 1 / 3, s), norm.logpdf(x[1], 2 / 3, s)) - math.log(2)
        for i in range(2, d):
            out += loggamma.logpdf(x[i], 1, loc=2 / 3, scale=s) if i <= (d + 2) / 2 - 1 else norm.logpdf(x[i], 2 / 3, s)
        return out
    if p.name.startswith('shells-'):
        off = np.linalg.norm(x[1:])
        return np.logaddexp(norm.logpdf(np.hypot(x[0] + 3.5, off), 2, 0.1), norm.logpdf(np.hypot(x[0] - 3.5, off), 2, 0.1))
    if p.name.startswith('four-gauss-'):
        cen = [(5, 0), (-5, 0), (0, 5), (0, -5)]
        parts = []
        for w, (a, b) in zip((0.1, 0.2, 0.3, 0.4), cen):
            mu = np.zeros(d)
            mu[0], mu[1] = a, b
            parts.append(math.log(w) + np.sum(norm.logpdf(x, mu, 1)))
        return np.logaddexp.reduce(parts)
    if p.name.startswith('light-modes-'):
        parts = []
        for k, w in enumerate((0.5, 0.3, 0.12, 0.05, 0.03)):
            mu = np.zeros(d)
            mu[k >> 1] = -6 if k % 2 else 6
            parts.append(math.log(w) + np.sum(norm.logpdf(x, mu, 1)))
        return np.logaddexp.reduce(parts)
    if p.name.startswith('halfgauss-'):
        return np.sum(norm.logpdf(x))
    if p.name.startswith('partial-gauss-'):
        return np.sum(norm.logpdf(x[:5]))
    if p.name.startswith('equicorr-gauss-'):
        return scipy.stats.multivariate_normal.logpdf(x, np.zeros(d), 0.05 * np.eye(d) + 0.95)
    if p.name.startswith('scales-'):
        return np.sum(norm.logpdf(x, 1, 10.0 ** (-3 + 3 * np.arange(d) / (d - 1))))
    if p.name.startswith('student5-corr-'):
        C = 0.5 ** np.abs(np.subtract.outer(np.arange(d), np.arange(d)))
        return scipy.stats.multivariate_t.logpdf(x, np.zeros(d), C, df=5)
    if p.name.startswith('beta-'):
        return np.sum(scipy.stats.beta.logpdf(x, P.BETA_A, P.BETA_B))
    if p.name.startswith('unequal-gauss-'):
        e1 = np.eye(d)[0]
        return np.logaddexp(math.log(0.2) + np.sum(norm.logpdf(x, -4 * e1, 0.5)), math.log(0.8) + np.sum(norm.logpdf(x, 4 * e1, 1.5)))
    if p.name.startswith('student2-'):
        return np.sum(scipy.stats.t.logpdf(x, 2))
    if p.name == 'eight-schools':
        return np.sum(norm.logpdf(P.EIGHT_Y, x[2:], P.EIGHT_SIGMA)) + np.sum(norm.logpdf(x[2:], x[0], x[1]))
    if p.name.startswith('twisted-gauss-'):
        return norm.logpdf(x[0], 0, 10) + norm.logpdf(x[1] - 0.1 * (x[0] ** 2 - 100)) + np.sum(norm.logpdf(x[2:]))
    if p.name.startswith('hyperbola-'):
        return norm.logpdf(x[0] * x[1], 1, 0.05) + np.sum(norm.logpdf(x[2:]))
    if p.name.startswith('spikeslab-'):
        return math.log(2) + np.logaddexp(np.sum(norm.logpdf(x, 4, 1)), np.sum(norm.logpdf(x, 0, 1000 ** (-1 / p.ndim))))
    if p.name.startswith('lognormal-'):
        return np.sum(scipy.stats.lognorm.logpdf(x, 1))
    if p.name.startswith('exp-corner-'):
        return np.sum(scipy.stats.expon.logpdf(x, scale=0.05))
    if p.name == 'plateau-3':
        mvn = multivariate_normal(np.zeros(3), np.eye(3))
        return max(mvn.logpdf(x), mvn.logpdf([0, 2, 0]))
    if p.name == 'twin-spikes-1':
        return np.logaddexp(math.log(0.3) + norm.logpdf(x[0], -0.5, 0.002), math.log(0.7) + norm.logpdf(x[0], 0.6, 0.002))
    if p.name == 'x-cross-2':
        return math.log(0.5) + np.logaddexp(multivariate_normal.logpdf(x, np.zeros(2), [[1, 0.99], [0.99, 1]]), multivariate_normal.logpdf(x, np.zeros(2), [[1, -0.99], [-0.99, 1]]))
    if p.name.startswith('bimodal-product-'):
        return np.sum(np.logaddexp(math.log(0.3) + norm.logpdf(x, -2, 0.3), math.log(0.7) + norm.logpdf(x, 2, 0.3)))
    if p.name.startswith('linreg-'):
        X, y, _ = P.linear_regression_data()
        return np.sum(norm.logpdf(y, X @ x, 0.3))
    if p.name.startswith('prior-tail-'):
        return np.sum(norm.logpdf(P.PRIOR_TAIL_MEASURED, x, 0.1))
    if p.name.startswith('mvt3-'):
        return scipy.stats.multivariate_t.logpdf(x, np.zeros(d), np.diag(P.multi_student_scales(d) ** 2), df=3)
    if p.name == 'mean-scale-2':
        return np.sum(norm.logpdf(P.mean_scale_data(), x[0], x[1]))
    return None


def check_eight_schools_nc():
    """eight-schools-nc: given tau, y ~ N(0, diag(sigma^2 + tau^2) + 25 J) (scipy multivariate_normal),
    integrated over the half-Cauchy(5) prior of tau with scipy quad."""
    y, s2 = P.EIGHT_Y, P.EIGHT_SIGMA ** 2

    def marginal(tau):
        return multivariate_normal(np.zeros(8), np.diag(s2 + tau * tau) + 25.0).pdf(y)
    z, _ = scipy.integrate.quad(lambda t: marginal(t) * scipy.stats.halfcauchy.pdf(t, scale=5), 0, np.inf, limit=500)
    return [('scipy quad over tau of multivariate_normal(0, diag(sigma^2 + tau^2) + 25 J).pdf(y) x halfcauchy(5)', math.log(z))]


def gauss_mix_scipy(x):
    """gauss-mix-d's density from scipy: weights 0.2, 0.3, 0.5, covariances scale^2 rho^|i - j| (dense)."""
    d = len(x)
    lag = np.abs(np.subtract.outer(np.arange(d), np.arange(d)))
    parts = []
    for w, centre, s, r in P.GAUSS_MIX:
        mu = np.array([centre(j) for j in range(d)])
        parts.append(math.log(w) + multivariate_normal(mu, s * s * float(r) ** lag).logpdf(x))
    return np.logaddexp.reduce(parts)


def check_gaussians(p):
    d = p.ndim
    if p.name.startswith('gauss-'):
        mu = np.where(np.arange(d) % 2 == 1, -0.5, 0.5)
        return [('product of scipy normal box masses', np.sum(np.log(norm.cdf(10 - mu) - norm.cdf(-10 - mu))) - d * math.log(20))]
    if p.name.startswith('corr-gauss-'):
        C = 0.5 ** np.abs(np.subtract.outer(np.arange(d), np.arange(d)))
        x = np.sin(1 + 3 * np.arange(d)) * 0.7
        ref = multivariate_normal(mean=np.zeros(d), cov=C).logpdf(x)
        mismatch = abs(ref - p.loglike(x))
        return [(f'-d ln 20; likelihood vs scipy multivariate_normal: {mismatch:.1e}', -d * math.log(20))]
    # two Gaussians: exact mixture box masses
    m = lambda c: d * np.log(norm.cdf(10 - c) - norm.cdf(-10 - c))
    return [('mixture box masses (scipy)', math.log(0.33 * math.exp(m(2)) + 0.67 * math.exp(m(-2))) - d * math.log(20))]


def check_asymgauss(p):
    d = p.ndim
    smin = 10 ** (-10 + d ** 0.5 / 2)
    sigma = np.logspace(-1, math.log10(smin), d)
    centre = (np.sin(np.arange(d) / 2) * np.maximum(1e-20, 1 - 5 * sigma) + 1) / 2
    return [('scipy normal masses inside [0, 1] (np.logspace widths)', float(np.sum(np.log(norm.cdf((1 - centre) / sigma) - norm.cdf(-centre / sigma)))))]


def check_eggbox(p):
    # Gauss–Legendre, 200 panels of 20 nodes per axis, the integrand rescaled by its maximum.
    x, w = gl(0, 10 * np.pi, 200, 20)
    c = np.cos(x / 2)
    total = 0.0
    for i in range(0, len(x), 500):
        block = np.exp((2 + c[i:i + 500, None] * c[None, :]) ** 5 - 243.0)
        total += np.sum(w[i:i + 500, None] * w[None, :] * block)
    return [('Gauss–Legendre 4000^2', 243.0 + math.log(total) - 2 * math.log(10 * np.pi))]


def check_shells(p):
    # Cartesian Gauss–Legendre over the box (the problem's own numpy likelihood), and scipy dblquad
    # of one shell about its centre in polar coordinates with the box edge x = 6.
    x, w = gl(-6, 6, 600, 10)
    acc = []
    for i in range(0, len(x), 400):
        xx = np.stack(np.broadcast_arrays(x[i:i + 400, None], x[None, :]), axis=-1).reshape(-1, 2)
        acc.append((p.loglike(xx) + np.log((w[i:i + 400, None] * w[None, :]).ravel())))
    cart = logsumexp(np.concatenate(acc)) - math.log(144)
    r, wd = 2.0, 0.1
    dens = lambda rho: norm.pdf(rho, r, wd)
    ang = lambda rho: 2 * np.pi - (2 * np.arccos(2.5 / rho) if rho > 2.5 else 0.0)
    one = integrate.quad(lambda rho: dens(rho) * rho * ang(rho), 0, 4, points=[1.5, 2.0, 2.5], limit=500, epsabs=1e-14, epsrel=1e-13)[0]
    return [('Cartesian Gauss–Legendre 6000^2', cart), ('polar scipy quad', math.log(2 * one / 144))]


def check_rosenbrock_pairs(p):
    # Nested scipy quad: y numerically (no erf), then x.
    inner = lambda x: integrate.quad(lambda y: math.exp(-50 * (y - x * x) ** 2), max(-5, x * x - 1.5), min(5, x * x + 1.5), epsabs=0, epsrel=1e-12, limit=200)[0] if x * x - 1.5 < 5 else 0.0
    z2 = integrate.quad(lambda x: math.exp(-0.5 * (1 - x) ** 2) * inner(x), -5, 5, points=[-math.sqrt(5), 0, 1, math.sqrt(5)], epsabs=0, epsrel=1e-11, limit=500)[0]
    return [('nested scipy quad of one pair, times 5', 5 * math.log(z2 / 100))]


def check_rosenbrock_chain(p, panels, scale=0.5):
    # Transfer operator on composite Gauss–Legendre nodes (TS uses a trapezoid grid).
    d = p.ndim
    x, w = gl(-5, 5, panels, 8)
    phi = np.ones_like(x)
    log_scale = 0.0
    for _ in range(d - 1):
        new = np.empty_like(x)
        for i in range(0, len(x), 400):
            k = np.exp(-100 * scale * (x[None, :] - x[i:i + 400, None] ** 2) ** 2)
            new[i:i + 400] = k @ (w * phi)
        new *= np.exp(-scale * (1 - x) ** 2)
        m = new.max()
        log_scale += math.log(m)
        phi = new / m
    total = np.sum(w * phi)
    neg = np.sum((w * phi)[x < 0]) / total
    return (f'transfer operator, Gauss–Legendre {panels}x8 [x0<0 mass {neg:.6f}]', log_scale + math.log(total) - d * math.log(10))


def check_loggamma(p):
    d = p.ndim
    g = lambda loc: integrate.quad(lambda x: loggamma.pdf(x, 1, loc=loc, scale=1 / 30), 0, 1, points=[loc], epsabs=0, epsrel=1e-13, limit=200)[0]
    n = lambda mu: integrate.quad(lambda x: norm.pdf(x, mu, 1 / 30), 0, 1, points=[mu], epsabs=0, epsrel=1e-13, limit=200)[0]
    n_gamma = sum(1 for i in range(2, d) if i <= (d + 2) / 2 - 1)
    logz = math.log(0.5 * (g(1 / 3) + g(2 / 3))) + math.log(0.5 * (n(1 / 3) + n(2 / 3))) + n_gamma * math.log(g(2 / 3)) + (d - 2 - n_gamma) * math.log(n(2 / 3))
    return [('scipy quad of each factor (scipy.stats.loggamma, norm)', logz)]


def check_funnel(p, rng):
    d = p.ndim
    gam = 0.95
    m = d - 1

    def box_given_v(v):
        a = 10 * math.exp(-v / 2)
        f = lambda z0: norm.pdf(z0) * (norm.cdf((a - math.sqrt(gam) * z0) / math.sqrt(1 - gam)) - norm.cdf((-a - math.sqrt(gam) * z0) / math.sqrt(1 - gam))) ** m
        return integrate.quad(f, -12, 12, points=[0], epsabs=1e-15, epsrel=1e-12, limit=400)[0]
    x = np.concatenate([[0.7], np.sin(np.arange(m)) * 1.3])
    cov = math.exp(x[0]) * (gam * np.ones((m, m)) + (1 - gam) * np.eye(m))
    ref = norm.logpdf(x[0]) + multivariate_normal(mean=np.zeros(m), cov=cov).logpdf(x[1:]) + d * math.log(20)
    mismatch = abs(ref - p.loglike(x))
    quad = integrate.quad(lambda v: norm.pdf(v) * box_given_v(v), -10, 10, points=[0, 2, 4], epsabs=1e-15, epsrel=1e-12, limit=400)[0]
    # Monte Carlo of the box mass: draw the funnel exactly and count draws inside [-10, 10]^d.
    n_draw, inside = 0, 0
    for _ in range(20):
        N = 500_000
        v = rng.standard_normal(N)
        z0 = rng.standard_normal(N)
        z = rng.standard_normal((N, m))
        x = np.exp(v / 2)[:, None] * (math.sqrt(gam) * z0[:, None] + math.sqrt(1 - gam) * z)
        inside += np.sum((np.abs(v) <= 10) & np.all(np.abs(x) <= 10, axis=1))
        n_draw += N
    frac = inside / n_draw
    err = math.sqrt(frac * (1 - frac) / n_draw) / frac
    return [(f'scipy nested quad over (v, z0); likelihood vs scipy multivariate_normal: {mismatch:.1e}', math.log(quad)), (f'Monte Carlo, {n_draw:.0e} exact funnel draws (± {err:.1e})', math.log(frac))]


def check_neal(p):
    d = p.ndim
    from scipy.special import erf
    z = integrate.quad(lambda v: norm.pdf(v, 0, 3) * erf(10 * math.exp(-v / 2) / math.sqrt(2)) ** (d - 1), -10, 10, points=[0, 4], epsabs=0, epsrel=1e-12, limit=400)[0]
    return [('scipy quad over v', math.log(z) - d * math.log(20))]


def check_period(p, NP, NPHI):
    # sigma analytic (its prior cut-offs are negligible: checked in verify-logz.ts, which keeps
    # them), A analytic: int_0^5 S(A)^{-n/2} dA is a Student-t (nu = n - 1) CDF difference; P and
    # phi by the trapezoid rule.
    t, y = P.period_data()
    n = len(t)
    Ps = np.linspace(2, 6, NP + 1)
    wP = np.full(NP + 1, 4.0 / NP)
    wP[0] *= 0.5
    wP[-1] *= 0.5
    phis = 2 * np.pi * np.arange(NPHI) / NPHI
    cph, sph = np.cos(phis), np.sin(phis)
    yy = y @ y
    out = np.empty(NP + 1)
    for k in range(0, NP + 1, 2000):
        Pk = Ps[k:k + 2000]
        om = 2 * np.pi * t[None, :] / Pk[:, None]
        s, c = np.sin(om), np.cos(om)
        Ys, Yc = s @ y, c @ y
        Ss, Cc, Sc = (s * s).sum(1), (c * c).sum(1), (s * c).sum(1)
        u = cph[None] * Ys[:, None] + sph[None] * Yc[:, None]
        w = cph[None] ** 2 * Ss[:, None] + 2 * sph[None] * cph[None] * Sc[:, None] + sph[None] ** 2 * Cc[:, None]
        m = u / w
        R = yy - u * u / w
        sc = np.sqrt((n - 1) * w / R)
        dF = stdtr(n - 1, (5 - m) * sc) - stdtr(n - 1, -m * sc)
        with np.errstate(divide='ignore'):
            lg = -(n - 1) / 2 * np.log(R) + 0.5 * np.log(np.pi / w) + np.log(dF)
        out[k:k + 2000] = logsumexp(lg, axis=1) + math.log(2 * np.pi / NPHI)
    C = -math.log(5 * 4 * 2 * np.pi * 3) - math.log(math.log(10)) - n / 2 * math.log(np.pi) - math.log(2) + gammaln((n - 1) / 2)
    return (f'A analytic (Student-t), trapezoid P {NP + 1}, phi {NPHI}', C + logsumexp(out + np.log(wP)))


def check_eight_schools():
    """Each theta_j in closed form (with its prior's truncation), (mu, tau) by scipy dblquad."""
    y, s = P.EIGHT_Y, P.EIGHT_SIGMA

    def g(tau, mu):
        v = s ** 2 + tau ** 2
        m = (y * tau ** 2 + mu * s ** 2) / v
        sd = s * tau / np.sqrt(v)
        return math.exp(np.sum(-0.5 * np.log(2 * np.pi * v) - (y - mu) ** 2 / (2 * v) + np.log(norm.cdf((100 - m) / sd) - norm.cdf((-100 - m) / sd))))
    val = integrate.dblquad(g, -50, 50, 0, 50, epsabs=0, epsrel=1e-11)[0]
    return ('scipy dblquad over (mu, tau), each theta_j in closed form', math.log(val) - math.log(100 * 50) - 8 * math.log(200))


def check_mvt(p):
    """mvt3-d's box mass: x = z s / sqrt(g), g = chi2_3 / 3, so the mass given g is prod_j erf(20 sqrt(g) / (s_j sqrt 2))."""
    from scipy.special import erf
    d = p.ndim
    s = P.multi_student_scales(d)
    dens = scipy.stats.chi2(3, scale=1 / 3)
    f = lambda g: dens.pdf(g) * math.exp(float(np.sum(np.log(erf(20 * math.sqrt(g) / (s * math.sqrt(2)))))))
    edges = [0, 1e-3, 1e-2, 0.05, 0.2, 1, 5, 30, np.inf]
    mass = sum(quad(f, a, b, epsabs=0, epsrel=1e-13, limit=400)[0] for a, b in zip(edges[:-1], edges[1:]))
    return [('scipy quad over g of the chi2_3/3 density times prod_j erf(20 sqrt(g) / (s_j sqrt 2)), minus d ln 40', math.log(mass) - d * math.log(40))]


def check_gauss_mix(p):
    d = p.ndim
    # The loglikelihood at a point near each centre against scipy's multivariate_normal mixture.
    mismatch = 0.0
    for _, centre, s, _ in P.GAUSS_MIX:
        x = np.array([centre(j) for j in range(d)]) + 0.3 * s * np.sin(1 + 3 * np.arange(d))
        mismatch = max(mismatch, abs(gauss_mix_scipy(x) - p.loglike(x)))
    # Box loss: the union bound over coordinates of each component's normal marginal (sd = scale) outside [-10, 10].
    loss = sum(w * sum(norm.cdf((-10 - centre(j)) / s) + norm.sf((10 - centre(j)) / s) for j in range(d)) for w, centre, s, _ in P.GAUSS_MIX)
    good = mismatch < 1e-9 and loss < 1e-9
    return [(f'-d ln 20, box loss < {loss:.1e} (scipy norm); likelihood vs scipy multivariate_normal mixture near each centre: {mismatch:.1e}', -d * math.log(20) + (0 if good else float('nan')))]


def check_mean_scale(p):
    y = P.mean_scale_data()
    n = len(y)
    ybar = float(np.mean(y))
    lo, hi = math.log(0.01), math.log(100)
    mu_lim = float(P.normal_prior(0, 10)(1.0))  # the clipped prior's end, 8.21 sd
    # (mu, ln sigma): the prior N(mu; 0, 10^2) times 1 / ln(1e4) in ln sigma, times the likelihood;
    # mu over ybar +- 40 sigma / sqrt(n) (within the prior's range), where all the mass is.
    g = lambda mu, ls: math.exp(norm.logpdf(mu, 0, 10) + np.sum(norm.logpdf(y, mu, math.exp(ls))))
    a = lambda ls: max(-mu_lim, ybar - 40 * math.exp(ls) / math.sqrt(n))
    b = lambda ls: min(mu_lim, ybar + 40 * math.exp(ls) / math.sqrt(n))
    two = integrate.dblquad(g, lo, hi, a, b, epsabs=0, epsrel=1e-10)[0]
    # mu integrated out: y ~ N(0, sigma^2 I + 100 J), then quad over ln sigma.
    m = lambda ls: math.exp(multivariate_normal(np.zeros(n), math.exp(2 * ls) * np.eye(n) + 100).logpdf(y))
    one = quad(m, lo, hi, points=[0.0, math.log(2)], epsabs=0, epsrel=1e-12, limit=400)[0]
    return [('scipy dblquad over (mu, ln sigma)', math.log(two / (hi - lo))),
            ('scipy quad over ln sigma of multivariate_normal(0, sigma^2 I + 100 J).pdf(y)', math.log(one / (hi - lo)))]


def check_probe5(p):
    """Session 29's fifth probe: scipy's Bessel functions and periodic trapezoids for the torus, tensor
    Gauss-Legendre in numpy for the label switching and the logistic regression, scipy's normal CDF
    for the ordered parameters."""
    from scipy.special import iv, comb, expit
    if p.name == 'torus-4':
        t = P.TORUS
        c = 4 * math.pi ** 2 * sum(comb(2 * m, m, exact=True) * (t['lam'] ** 2 / (4 * t['k1'] * t['k2'])) ** m * iv(m, t['k1']) * iv(m, t['k2']) for m in range(80))
        n = 1000
        g = np.arange(n) * 2 * math.pi / n
        vm = sum(math.log(np.sum(np.exp(k * (np.cos(g - mu) - 1) - ln)) * 2 * math.pi / n) for k, mu, ln in t['vm'])
        return [('series with scipy.special.iv, von Mises normalisers by a periodic trapezoid', math.log(c) - t['k1'] - t['k2'] - 4 * math.log(2 * math.pi) + vm)]
    if p.name.startswith('ordered-'):
        d = p.ndim
        return [('scipy norm.cdf: d ln(Phi(5) - Phi(-5)) - ln d!', d * math.log(norm.cdf(5) - norm.cdf(-5)) - math.lgamma(d + 1))]
    if p.name == 'label-switch-3':
        y = P.label_switch_data()
        x, w = gl(-10, 10, 60, 8)
        gy = np.e * np.exp(-0.5 * (y[:, None] - x[None, :]) ** 2) / math.sqrt(2 * math.pi) / 3
        total = 0.0
        for c in range(len(x)):
            prod = np.ones((len(x), len(x)))
            for i in range(len(y)):
                prod *= gy[i][:, None] + gy[i][None, :] + gy[i][c]
            total += w[c] * np.sum(w[:, None] * w[None, :] * prod)
        return [('3-D Gauss-Legendre in numpy, 60 panels of 8 nodes per axis', math.log(total) - len(y) - 3 * math.log(20))]
    X, y = P.logistic_data()
    A = np.hstack([np.ones((len(y), 1)), X])
    b = np.zeros(3)
    for _ in range(50):
        q = expit(A @ b)
        H = -(A.T * (q * (1 - q))) @ A - np.eye(3) / 25
        b = b - np.linalg.solve(H, A.T @ (y - q) - b / 25)
    sd = np.sqrt(np.diag(np.linalg.inv(-H)))
    rules = [gl(b[j] - 14 * sd[j], b[j] + 14 * sd[j], 30, 8) for j in range(3)]
    B1, B2 = np.meshgrid(rules[1][0], rules[2][0], indexing='ij')
    W12 = rules[1][1][:, None] * rules[2][1][None, :]

    def log_post(B):
        eta = B @ A.T
        return np.sum(y * eta - np.logaddexp(0, eta), axis=-1) - 0.5 * np.sum(B * B, axis=-1) / 25 - 3 * (0.5 * P.LOG_2PI + math.log(5))
    peak = float(log_post(b))
    total = 0.0
    for a, wa in zip(*rules[0]):
        total += wa * np.sum(W12 * np.exp(log_post(np.stack([np.full_like(B1, a), B1, B2], -1)) - peak))
    return [('3-D Gauss-Legendre in numpy over the mode +- 14 sd, 30 panels of 8 nodes', peak + math.log(total))]


def main():
    rng = np.random.default_rng(12345)
    ok = True
    # Optional names or prefixes after the points file (as run_peers.py's --problems): check only those.
    probs = P.by_name(sys.argv[2:])
    selected = {p.name for p in probs}
    if len(sys.argv) > 1:
        pts = json.load(open(sys.argv[1]))
        t, y = P.period_data()
        assert np.array_equal(t, pts['periodData']['t']) and np.allclose(y, pts['periodData']['y'], rtol=0, atol=1e-14), 'period data differ'
        print('period-search data: identical to the TypeScript recipe')
        # The exported points are the TypeScript prior transforms of u drawn from one mulberry32(7)
        # through the problems in order, 12 each (6 from the cube, 6 in [0.45, 0.55]): regenerate u,
        # and the numpy prior transforms must give the same x.
        urng = P.mulberry32(7)
        assert list(pts['points']) == [p.name for p in P.all_problems()], 'problems.py lists the problems in another order than the TypeScript suite'
        for p in P.all_problems():
            u = np.array([[urng() if k < 6 else 0.45 + 0.1 * urng() for _ in range(p.ndim)] for k in range(12)])
            if p.name not in selected:
                continue
            x = np.array(pts['points'][p.name]['x'])
            xdiff = np.max(np.abs(p.prior_transform(u) - x) / np.maximum(1, np.abs(x)))
            ok &= xdiff < 1e-12
            if p.transform is not None:
                print(f'{p.name}: numpy vs TypeScript prior transform (not uniform), max relative difference {xdiff:.1e}')
            elif xdiff >= 1e-12:
                print(f'{p.name}: numpy vs TypeScript prior transform, max relative difference {xdiff:.1e} MISMATCH')
        for p in probs:
            x = np.array(pts['points'][p.name]['x'])
            # Infinities come as strings ('-Infinity'), which float() reads; equal infinities agree.
            ref = np.array([float(v) for v in pts['points'][p.name]['logl']])
            got = p.loglike(x)
            with np.errstate(invalid='ignore'):
                diff = np.max(np.where(got == ref, 0.0, np.abs(got - ref) / np.maximum(1, np.abs(ref))))
            if not np.all(np.isfinite(ref)):
                print(f'{p.name}: {int(np.sum(~np.isfinite(ref)))} of {len(ref)} test points at log L = -inf in both')
            ok &= diff < 1e-12
            print(f'{p.name}: numpy vs TypeScript likelihood, max relative difference {diff:.1e}')
    print('\nnormalisation against scipy densities (log-likelihood at 3 points, max abs difference):')
    for p in probs:
        xs = [p.prior_transform(np.full(p.ndim, f)) for f in (0.45, 0.55, 0.62)]
        refs = [scipy_reference(p, x) for x in xs]
        if refs[0] is None:
            continue
        diff = max(abs(r - p.loglike(x)) for r, x in zip(refs, xs))
        ok &= diff < 1e-9
        print(f'  {p.name}: {diff:.1e}')
    print('\n| problem | pinned log Z | scipy/numpy value | difference | method | seconds |')
    print('|---|---:|---:|---:|---|---:|')
    for p in probs:
        t0 = time.time()
        if p.name.startswith('gauss-mix-'):  # before 'gauss-', a prefix of its name
            checks = check_gauss_mix(p)
        elif p.name.startswith(('gauss-', 'corr-gauss-', 'two-gauss-')):
            checks = check_gaussians(p)
        elif p.name == 'eggbox-2':
            checks = check_eggbox(p)
        elif p.name == 'shells-2':
            checks = check_shells(p)
        elif p.name.startswith('shells-'):
            d = p.ndim
            m = quad(lambda r: r ** (d - 1) * norm.pdf(r, 2, 0.1), 0, 4, points=[2.0], epsabs=0, epsrel=1e-13, limit=400)[0]
            area = 2 * math.pi ** (d / 2) / math.gamma(d / 2)
            checks = [('scipy quad of the radial integral (box cut < 3e-7)', math.log(2 * area * m) - d * math.log(12))]
        elif p.name.startswith('four-gauss-'):
            d = p.ndim
            m = (norm.cdf(5) - norm.cdf(-15)) * (norm.cdf(10) - norm.cdf(-10)) ** (d - 1)
            checks = [('scipy normal masses of a component in the box (all four alike)', math.log(m) - d * math.log(20))]
        elif p.name.startswith('light-modes-'):
            d = p.ndim
            m = (norm.cdf(4) - norm.cdf(-16)) * (norm.cdf(10) - norm.cdf(-10)) ** (d - 1)
            checks = [('scipy normal masses of a component in the box (all five alike)', math.log(m) - d * math.log(20))]
        elif p.name.startswith('equicorr-gauss-'):
            checks = [('-d ln 20 (unit-variance marginals; box loss < 1e-21)', -p.ndim * math.log(20))]
        elif p.name.startswith('halfgauss-'):
            checks = [('scipy normal mass of [0, 5] per coordinate', p.ndim * math.log((norm.cdf(5) - 0.5) / 5))]
        elif p.name.startswith('partial-gauss-'):
            checks = [('scipy normal mass of [-10, 10] in each of 5 coordinates', 5 * math.log((norm.cdf(10) - norm.cdf(-10)) / 20))]
        elif p.name.startswith('scales-'):
            d = p.ndim
            s = 10.0 ** (-3 + 3 * np.arange(d) / (d - 1))
            checks = [('scipy normal masses per coordinate', float(np.sum(np.log(norm.cdf(4 / s) - norm.cdf(-6 / s)))) - d * math.log(10))]
        elif p.name.startswith('student5-corr-'):
            d = p.ndim
            m = quad(lambda v: scipy.stats.t.pdf(v, 5), -50, 50, points=[0], limit=200)[0]
            checks = [('union bound on scipy.stats.t(5) marginals outside [-50, 50] (the lower end)', math.log(1 - d * (1 - m)) - d * math.log(100))]
        elif p.name.startswith('rosenbrock-pairs'):
            checks = check_rosenbrock_pairs(p)
        elif p.name.startswith('rosenbrock-chain'):
            checks = [check_rosenbrock_chain(p, 500), check_rosenbrock_chain(p, 800)]
        elif p.name.startswith('rosenbrock-nautilus'):
            checks = [check_rosenbrock_chain(p, 500, 1), check_rosenbrock_chain(p, 800, 1)]
        elif p.name.startswith('loggamma'):
            checks = check_loggamma(p)
        elif p.name.startswith('funnel'):
            checks = check_funnel(p, rng)
        elif p.name.startswith('neal-funnel'):
            checks = check_neal(p)
        elif p.name == 'period-search':
            checks = [check_period(p, 20000, 128), check_period(p, 40000, 256)]
        elif p.name.startswith('asymgauss-'):
            checks = check_asymgauss(p)
        elif p.name.startswith('beta-'):
            checks = [('scipy quad of each scipy.stats.beta density on [0, 1]', float(sum(math.log(quad(lambda v, a=a, b=b: scipy.stats.beta.pdf(v, a, b), 0, 1, points=[0.5], limit=200)[0]) for a, b in zip(P.BETA_A, P.BETA_B))))]
        elif p.name.startswith('box-'):
            A = quad(lambda v: math.exp(-0.5 * (v / 0.1) ** 2), 0, 0.1)[0]
            B = quad(lambda v: math.exp(-0.5 * (v / 0.1) ** 2), 0, 1)[0]
            checks = [('scipy quad for the normal integrals in the box and the cube', float(np.logaddexp(100 + p.ndim * math.log(A), math.log(B ** p.ndim - A ** p.ndim))))]
        elif p.name.startswith('spikeslab-'):
            d = p.ndim
            s2 = 1000 ** (-1 / d)
            m1 = (norm.cdf(10 - 4) - norm.cdf(-10 - 4)) ** d
            m2 = (norm.cdf(10 / s2) - norm.cdf(-10 / s2)) ** d
            checks = [('scipy normal masses of slab and spike in the box', math.log(2 * m1 + 2 * m2) - d * math.log(20))]
        elif p.name.startswith('unequal-gauss-'):
            d = p.ndim
            narrow = (norm.cdf(14 / 0.5) - norm.cdf(-6 / 0.5)) * (norm.cdf(20) - norm.cdf(-20)) ** (d - 1)
            wide = (norm.cdf(6 / 1.5) - norm.cdf(-14 / 1.5)) * (norm.cdf(10 / 1.5) - norm.cdf(-10 / 1.5)) ** (d - 1)
            checks = [('scipy normal masses of both components in the box', math.log(0.2 * narrow + 0.8 * wide) - d * math.log(20))]
        elif p.name.startswith('student2-'):
            m = quad(lambda v: scipy.stats.t.pdf(v, 2), -50, 50, points=[0], limit=200)[0]
            checks = [('scipy quad of scipy.stats.t(2) over [-50, 50]', p.ndim * (math.log(m) - math.log(100)))]
        elif p.name == 'eight-schools':
            checks = [check_eight_schools()]
        elif p.name.startswith('twisted-gauss-'):
            c = lambda y1: 0.1 * (y1 ** 2 - 100)
            m = quad(lambda y1: norm.pdf(y1, 0, 10) * (norm.cdf(160 - c(y1)) - norm.cdf(-20 - c(y1))), -40, 40, epsabs=0, epsrel=1e-13, limit=200)[0]
            rest = (p.ndim - 2) * math.log(norm.cdf(10) - norm.cdf(-10))
            checks = [('scipy quad over y_1 with normal intervals for y_2', math.log(m) + rest - math.log(80 * 180) - (p.ndim - 2) * math.log(20))]
        elif p.name.startswith('hyperbola-'):
            g = lambda a: (norm.cdf((5 * a - 1) / 0.05) - norm.cdf((-5 * a - 1) / 0.05)) / a
            v = 2 * quad(g, 0, 5, points=[0.2, 0.25], epsabs=0, epsrel=1e-13, limit=400)[0]
            checks = [('scipy quad over x_1, x_2 as a normal interval over |x_1|', math.log(v) + (p.ndim - 2) * math.log(norm.cdf(5) - norm.cdf(-5)) - p.ndim * math.log(10))]
        elif p.name.startswith('concentric-'):
            d = p.ndim
            mass = lambda w: (norm.cdf(5 / w) - norm.cdf(-5 / w)) ** d
            checks = [('scipy normal masses of both components in the box', math.log(0.5 * mass(0.1) + 0.5 * mass(1)) - d * math.log(10))]
        elif p.name.startswith('pyramid-'):
            d = p.ndim
            v = quad(lambda r: d * 2 ** d * r ** (d - 1) * math.exp(-r / 0.02), 0, 0.5, epsabs=0, epsrel=1e-13, limit=200)[0]
            checks = [('scipy quad over the max-norm', math.log(v))]
        elif p.name.startswith('cauchy-'):
            m = scipy.stats.cauchy.cdf(10, 0, 0.1) - scipy.stats.cauchy.cdf(-10, 0, 0.1)
            checks = [('scipy.stats.cauchy box mass per coordinate', p.ndim * (math.log(m) - math.log(20)))]
        elif p.name.startswith('laplace-'):
            m = scipy.stats.laplace.cdf(10, 1, 0.3) - scipy.stats.laplace.cdf(-10, 1, 0.3)
            checks = [('scipy.stats.laplace box mass per coordinate', p.ndim * (math.log(m) - math.log(20)))]
        elif p.name.startswith('narrow-gauss-'):
            mu = [0.31, 0.62, 0.47, 0.83]
            checks = [('scipy normal masses in the cube', sum(math.log(norm.cdf((1 - m) / 1e-4) - norm.cdf(-m / 1e-4)) for m in mu[:p.ndim]))]
        elif p.name == 'many-modes-2':
            xs, ws = gl(0, 1, 500, 10)
            X, Y = np.meshgrid(xs, xs, indexing='ij')
            pts = np.column_stack([X.ravel(), Y.ravel()])
            W = np.outer(ws, ws).ravel()
            z = 0.0
            for i in range(0, len(pts), 250000):
                z += np.sum(W[i:i + 250000] * np.exp(p.loglike(pts[i:i + 250000])))
            checks = [('numpy 2-D Gauss-Legendre, 500 panels of 10 nodes per axis', math.log(z))]
        elif p.name == 'himmelblau-2':
            v = integrate.dblquad(lambda y, x: math.exp(-((x * x + y - 11) ** 2 + (x + y * y - 7) ** 2)), -6, 6, -6, 6, epsabs=0, epsrel=1e-11)[0]
            checks = [('scipy dblquad', math.log(v / 144))]
        elif p.name.startswith('ar99-gauss-'):
            d = p.ndim
            C = 0.99 ** np.abs(np.subtract.outer(np.arange(d), np.arange(d)))
            x = np.sin(1 + 3 * np.arange(d))
            diff_norm = abs(scipy.stats.multivariate_normal(np.zeros(d), C).logpdf(x) - p.loglike(x))
            checks = [(f'-d ln 20; scipy multivariate_normal against the likelihood at a point differs by {diff_norm:.1e}', -d * math.log(20) + (0 if diff_norm < 1e-9 else float('nan')))]
        elif p.name.startswith('ball-'):
            d = p.ndim
            # The unit ball's volume by slices, c_k = c_(k-1) int_-1^1 (1 - t^2)^((k-1)/2) dt from c_1 = 2.
            c = 2.0
            for k in range(2, d + 1):
                c *= quad(lambda t, k=k: (1 - t * t) ** ((k - 1) / 2), -1, 1, epsabs=0, epsrel=1e-13, limit=200)[0]
            checks = [('scipy quad of the slices of the unit ball, times r^d', math.log(c) + d * math.log(0.3))]
        elif p.name.startswith('lognormal-'):
            checks = [('scipy.stats.lognorm(1) mass of [0, 20] per coordinate', p.ndim * (math.log(scipy.stats.lognorm.cdf(20, 1)) - math.log(20)))]
        elif p.name.startswith('exp-corner-'):
            checks = [('scipy.stats.expon(scale 0.05) mass of [0, 1] per coordinate', p.ndim * math.log(scipy.stats.expon.cdf(1, scale=0.05)))]
        elif p.name == 'plateau-3':
            c = math.exp(multivariate_normal(np.zeros(3), np.eye(3)).logpdf([2, 0, 0]))
            ball = scipy.stats.chi2.cdf(4, 3)
            radial = quad(lambda r: 4 * math.pi * r * r * max(norm.pdf(r) / (2 * math.pi), c), 0, 2, epsabs=0, epsrel=1e-13, limit=200)[0]
            rest = c * (1000 - 4 / 3 * math.pi * 8)
            checks = [('scipy.stats.chi2(3) mass of the ball plus the plateau on the rest of the box', math.log((ball + rest) / 1000)),
                      ('scipy quad of max(phi, c) over the radius, plus the plateau', math.log((radial + rest) / 1000))]
        elif p.name == 'twin-spikes-1':
            m = 0.3 * (norm.cdf(0.5 / 0.002) - norm.cdf(-0.5 / 0.002)) + 0.7 * (norm.cdf(0.4 / 0.002) - norm.cdf(-1.6 / 0.002))
            v = quad(lambda x: math.exp(p.loglike(np.array([x]))), -1, 1, points=[-0.5, 0.6], epsabs=0, epsrel=1e-12, limit=400)[0]
            checks = [('scipy normal masses of both spikes in [-1, 1]', math.log(m / 2)), ('scipy quad through the numpy likelihood', math.log(v / 2))]
        elif p.name == 'x-cross-2':
            sd = math.sqrt(1 - 0.99 ** 2)
            # Each component: x_1 ~ N(0, 1), x_2 | x_1 ~ N(+-0.99 x_1, 1 - 0.99^2); both alike by symmetry.
            m = quad(lambda a: norm.pdf(a) * (norm.cdf((10 - 0.99 * a) / sd) - norm.cdf((-10 - 0.99 * a) / sd)), -10, 10, epsabs=0, epsrel=1e-13, limit=200)[0]
            checks = [('scipy quad over x_1, x_2 given x_1 a normal interval', math.log(m / 400))]
        elif p.name.startswith('pancake-'):
            d = p.ndim
            C = np.eye(d) - (1 - 1e-6) / d
            x = np.sin(1 + 3 * np.arange(d))
            x -= x.mean()  # on the thin direction's centre, where the log-likelihood is of order 1
            diff_norm = abs(scipy.stats.multivariate_normal(np.zeros(d), C).logpdf(x) - p.loglike(x))
            loss = 2 * d * norm.cdf(-10)
            # C's condition number is 1e6: its thin eigenvalue (1e-6) comes out of scipy's eigh with
            # a relative error near 1e-10, so the densities agree to 1e-8 here, not 1e-9.
            checks = [(f'-d ln 20, box loss < {loss:.0e} (marginal variances below 1); scipy multivariate_normal against the likelihood at a point differs by {diff_norm:.1e}', -d * math.log(20) + (0 if diff_norm < 1e-8 else float('nan')))]
        elif p.name.startswith('bimodal-product-'):
            m = 0.3 * (norm.cdf(12 / 0.3) - norm.cdf(-8 / 0.3)) + 0.7 * (norm.cdf(8 / 0.3) - norm.cdf(-12 / 0.3))
            checks = [('scipy normal masses of one factor in [-10, 10]', p.ndim * math.log(m / 20))]
        elif p.name.startswith('linreg-'):
            X, y, _ = P.linear_regression_data()
            # The prior's clip at 8.21 sd cuts off ~1e-16 of its mass: N(0, 2^2) exactly.
            checks = [('scipy multivariate_normal.logpdf of y under N(0, 0.3^2 I + 2^2 X X^T)', float(multivariate_normal(np.zeros(len(y)), 0.09 * np.eye(len(y)) + 4 * X @ X.T).logpdf(y)))]
        elif p.name.startswith('prior-tail-'):
            m = P.PRIOR_TAIL_MEASURED
            lim = float(P.normal_prior(0, 1)(1.0))
            q = [quad(lambda v, mj=mj: norm.pdf(v) * norm.pdf(mj, v, 0.1), -lim, lim, points=[mj / 1.01], epsabs=0, epsrel=1e-13, limit=400)[0] for mj in m]
            checks = [('sum of scipy norm.logpdf(m_j, 0, sqrt(1 + 0.1^2))', float(np.sum(norm.logpdf(m, 0, math.sqrt(1.01))))),
                      ('scipy quad of each factor over the clipped prior (+-8.21 sd)', float(np.sum(np.log(q))))]
        elif p.name.startswith('wedding-cake-'):
            d = p.ndim
            # Exact integer shell volumes (i + 1)^d - i^d out of 20^d.
            terms = [math.log((i + 1) ** d - i ** d) - d * math.log(20) - i * i / 18 for i in range(20)]
            checks = [('sum over the 20 shells of volume times e^(-i^2/18) (exact integer volumes)', float(logsumexp(terms)))]
        elif p.name.startswith('mvt3-'):
            checks = check_mvt(p)
        elif p.name == 'mean-scale-2':
            checks = check_mean_scale(p)
        elif p.name == 'eight-schools-nc':
            checks = check_eight_schools_nc()
        elif p.name in ('torus-4', 'label-switch-3', 'logistic-3') or p.name.startswith('ordered-'):
            checks = check_probe5(p)
        elif p.name.startswith('simplex-'):
            # scipy's Dirichlet: Z = E over the uniform prior of prod p^n, the ratio of the
            # Dirichlet(1 + n) and Dirichlet(1) normalisers, read from logpdf at one point.
            n = np.array(P.SIMPLEX_COUNTS, dtype=float)
            k = len(n)
            pt = np.full(k, 1 / k)
            ratio = scipy.stats.dirichlet(np.ones(k)).logpdf(pt) - scipy.stats.dirichlet(1 + n).logpdf(pt) + np.sum(n * np.log(pt))
            checks = [('scipy dirichlet normalisers, Dir(1) over Dir(1 + n)', float(ratio))]
        elif p.name.startswith('prior-filling-'):
            d = p.ndim
            c = 4 * np.sin(np.arange(d) + 1.0)
            s = np.where(np.arange(d) < 2, 0.1, 6.0)
            checks = [('scipy norm.cdf masses inside the box', float(np.sum(np.log(norm.cdf(10, c, s) - norm.cdf(-10, c, s))) - d * math.log(20)))]
        else:
            checks = []
        for method, value in checks:
            diff = value - p.true_logz
            good = abs(diff) < 2e-4
            ok &= good
            print(f'| {p.name} | {p.true_logz:.6f} | {value:.6f} | {diff:.1e}{"" if good else " MISMATCH"} | {method} | {time.time() - t0:.1f} |')
    print('\nall agree' if ok else '\nMISMATCH')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
