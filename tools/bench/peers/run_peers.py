"""Runs dynesty (static NestedSampler, 500 live points, its defaults otherwise) or nautilus (its
defaults) on the accuracy suite's problems and prints the same per-problem statistics as
`npm run bench -- accuracy`. Every run appends one JSON line (the runner's record shape, with
"sampler" set) to the results file, so `npm run bench -- accuracy --table --sampler dynesty`
tabulates them too, and an interrupted run resumes.

    python tools/bench/peers/run_peers.py dynesty --problems shells-2 --seeds 2
    python tools/bench/peers/run_peers.py nautilus --problems corr-gauss-25 --seeds 5

See README.md beside this file for installing the two samplers.
"""
import argparse
import datetime
import json
import math
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import problems as P  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, '..', 'accuracy', 'results', 'peers.jsonl')


def run_dynesty(p, seed):
    import dynesty
    loglike = p.loglike  # one vector at a time: dynesty's default
    prior = p.prior_transform
    sampler = dynesty.NestedSampler(loglike, prior, p.ndim, nlive=500,
                                    periodic=p.periodic or None,
                                    rstate=np.random.default_rng(seed))
    sampler.run_nested(print_progress=False)
    res = sampler.results
    w = res.importance_weights()
    return dict(logz=float(res.logz[-1]), logzErr=float(res.logzerr[-1]), calls=int(np.sum(res.ncall)),
                iterations=int(res.niter), samples=res.samples, weights=w, version=dynesty.__version__)


def run_nautilus(p, seed):
    import nautilus
    sampler = nautilus.Sampler(p.prior_transform, p.loglike_rows, p.ndim, vectorized=True,
                               pass_dict=False, periodic=p.periodic or None, seed=seed)
    sampler.run(verbose=False)
    points, log_w, _ = sampler.posterior()
    w = np.exp(log_w - np.max(log_w))
    # nautilus reports no evidence error; its documentation suggests ~1/sqrt(n_eff) as a rough
    # scale, recorded separately and not used for coverage.
    return dict(logz=float(sampler.log_z), logzErr=float('nan'), calls=int(sampler.n_like),
                samples=points, weights=w / w.sum(), version=nautilus.__version__,
                extra={'nEff': float(sampler.n_eff), 'invSqrtNEff': 1 / math.sqrt(sampler.n_eff)})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('sampler', choices=['dynesty', 'nautilus'])
    ap.add_argument('--problems', default='', help='comma-separated names or prefixes (default: all)')
    ap.add_argument('--seeds', type=int, default=5)
    ap.add_argument('--seed-start', type=int, default=1)
    ap.add_argument('--out', default=DEFAULT_OUT)
    ap.add_argument('--table', action='store_true', help='only print the table from the results file')
    args = ap.parse_args()
    probs = P.by_name([s for s in args.problems.split(',') if s])
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    records = []
    if os.path.exists(args.out):
        with open(args.out) as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        for r in records:  # null (written for NaN, which JSON lacks) back to NaN
            for k in ('logz', 'logzErr'):
                if r.get(k) is None:
                    r[k] = float('nan')
    if not args.table:
        done = {(r['problem'], r['seed']) for r in records if r['sampler'] == args.sampler}
        run = run_dynesty if args.sampler == 'dynesty' else run_nautilus
        for p in probs:
            for seed in range(args.seed_start, args.seed_start + args.seeds):
                if (p.name, seed) in done:
                    continue
                t0 = time.time()
                rec = dict(sampler=args.sampler, tag='', problem=p.name, nDim=p.ndim, seed=seed, nTotal=0,
                           trueLogZ=p.true_logz, date=datetime.datetime.now(datetime.timezone.utc).isoformat())
                try:
                    out = run(p, seed)
                    rec.update(logz=out['logz'], logzErr=out['logzErr'], calls=out['calls'],
                               wallSeconds=time.time() - t0, tag=f"{args.sampler} {out['version']}")
                    if 'iterations' in out:
                        rec['iterations'] = out['iterations']
                    if 'extra' in out:
                        rec['evidenceExtra'] = out['extra']
                    if p.mode_weights is not None:
                        idx = p.mode_assign(np.asarray(out['samples']))
                        rec['modeWeights'] = [float(np.sum(out['weights'][idx == k])) for k in range(len(p.mode_weights))]
                        rec['trueModeWeights'] = list(p.mode_weights)
                except Exception as e:  # a failed run is a result too
                    rec.update(logz=float('nan'), logzErr=float('nan'), calls=0, wallSeconds=time.time() - t0, error=repr(e))
                clean = {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in rec.items()}
                with open(args.out, 'a') as fh:
                    fh.write(json.dumps(clean) + '\n')  # null, not NaN: JSON has no NaN
                records.append(rec)
                modes = f" modes {np.round(rec['modeWeights'], 3).tolist()}" if 'modeWeights' in rec else ''
                print(f"{p.name} seed {seed}: log Z {rec['logz']:.3f} ± {rec['logzErr']:.3f} (true {p.true_logz:.3f}), "
                      f"{rec['calls']} calls, {rec['wallSeconds']:.1f} s{modes}{' ERROR ' + rec['error'] if 'error' in rec else ''}",
                      file=sys.stderr, flush=True)
    print_table([r for r in records if r['sampler'] == args.sampler], probs)


def print_table(records, probs):
    print('| problem | d | true log Z | runs | bias | RMS | mean σ̂ | 1σ coverage | max abs(z) | mode-weight RMS (max) | calls | calls × RMS² | wall s |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    for p in probs:
        rs = [r for r in records if r['problem'] == p.name and 'error' not in r and math.isfinite(r['logz'])]
        failed = sum(1 for r in records if r['problem'] == p.name) - len(rs)
        if not rs and not failed:
            continue
        e = np.array([r['logz'] - r['trueLogZ'] for r in rs])
        s = np.array([r['logzErr'] for r in rs])
        z = e / s
        rms = math.sqrt(np.mean(e ** 2)) if len(e) else float('nan')
        has_err = np.all(np.isfinite(s)) and len(s)
        cover = f"{100 * np.mean(np.abs(z) < 1):.0f}%" if has_err else '–'
        maxz = f"{np.max(np.abs(z)):.2f}" if has_err else '–'
        merr = [w - t for r in rs if 'modeWeights' in r for w, t in zip(r['modeWeights'], r['trueModeWeights'])]
        mcell = f"{math.sqrt(np.mean(np.square(merr))):.3f} ({np.max(np.abs(merr)):.3f})" if merr else ''
        calls = np.mean([r['calls'] for r in rs]) if rs else float('nan')
        runs = f"{len(rs)}" + (f" (+{failed} failed)" if failed else '')
        print(f"| {p.name} | {p.ndim} | {p.true_logz:.3f} | {runs} | {np.mean(e):+.3f} | {rms:.3f} | "
              f"{f'{np.mean(s):.3f}' if has_err else '–'} | {cover} | {maxz} | {mcell} | {calls:,.0f} | {calls * rms * rms:,.0f} | "
              f"{np.mean([r['wallSeconds'] for r in rs]):.2f} |")


if __name__ == '__main__':
    main()
