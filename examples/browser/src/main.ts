// The page: edit or pick a model, run Persistent Sampling on Web Workers with live progress, see the
// corner and diagnostics plots, download the samples and the state file, stop and resume.
import { decodeStateInfo, Sampler, TempestError, type IterationInfo, type SamplerResults } from '@tempest/core';
import { cornerPlotSvg, diagnosticsPlotSvg, samplerCornerInput } from '@tempest/plot';
import { checkShippable, compileModel, type CompiledModel } from './compile-model.js';
import { EXAMPLES } from './models.js';
import { download, samplesCsv } from './samples-csv.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const field = (id: string) => $<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(id);

/** What the page shows of the last run, also read by the browser test (tools/test/browser-page.test.ts). */
export interface PageResult {
  logz: number;
  logzErr: number;
  exactLogZ: number | undefined;
  iterations: number;
  calls: number;
  converged: boolean;
  /** SHA-256 (hex) of the posterior's samples, weights and log L and of log Z and its error, as float64 bytes. */
  fingerprint: string;
}

interface PageState {
  sampler: Sampler | undefined;
  model: CompiledModel | undefined;
  controller: AbortController | undefined;
  running: boolean;
  result: PageResult | undefined;
  error: string | undefined;
  lastDraw: number;
}

const page: PageState = { sampler: undefined, model: undefined, controller: undefined, running: false, result: undefined, error: undefined, lastDraw: 0 };
(globalThis as { tempestPage?: PageState }).tempestPage = page;

// ---- the model fields
const picker = $<HTMLSelectElement>('example');
for (const [key, example] of Object.entries(EXAMPLES)) picker.add(new Option(example.title, key));
function showExample(key: string): void {
  const example = EXAMPLES[key];
  field('names').value = example.names.join(', ');
  field('prior').value = example.prior;
  field('likelihood').value = example.likelihood;
  $<HTMLOptionElement>('ship').querySelector<HTMLOptionElement>('option[value="url"]')!.disabled = example.module === undefined;
  if (example.module === undefined) field('ship').value = 'value';
}
picker.addEventListener('change', () => showExample(picker.value));
showExample(picker.value);

function status(text: string, error = false): void {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', error);
}

function buttons(): void {
  $<HTMLButtonElement>('run').disabled = page.running;
  $<HTMLButtonElement>('stop').disabled = !page.running;
  $<HTMLButtonElement>('resume').disabled = page.running || page.sampler === undefined || page.result !== undefined;
  field('load-state').disabled = page.running;
}

// ---- a sampler for the fields as they are
function newSampler(): Sampler {
  const example = EXAMPLES[picker.value];
  const byUrl = field('ship').value === 'url' && example.module !== undefined;
  const model = compileModel({ names: field('names').value, prior: field('prior').value, likelihood: field('likelihood').value, ...(byUrl ? { moduleUrl: example.module } : {}) });
  const workers = field('pool').value === 'workers' ? Math.max(1, Number(field('workers').value) || 1) : undefined;
  if (workers !== undefined) checkShippable(model);
  page.model = model;
  return new Sampler({
    nDim: model.nDim,
    parameterNames: model.names,
    priorTransform: model.priorTransform,
    logLikelihood: model.logLikelihood as (x: Float64Array) => number,
    randomState: Number(field('seed').value),
    // pool: n makes Web Workers (the browser build of @tempest/core), closed when run() ends or stops.
    ...(workers === undefined ? {} : { pool: workers }),
  });
}

// ---- running, stopping, resuming
async function run(sampler: Sampler): Promise<void> {
  page.sampler = sampler;
  page.running = true;
  page.result = undefined;
  page.error = undefined;
  page.controller = new AbortController();
  $('result').hidden = true;
  buttons();
  status(sampler.iteration === 0 ? 'Running…' : `Resuming from iteration ${sampler.iteration}…`);
  try {
    const results = await sampler.run({ nTotal: Number(field('nTotal').value), signal: page.controller.signal, onIteration: (info) => progress(sampler, info) });
    await finished(sampler, results);
  } catch (error) {
    if (TempestError.is(error, 'ABORTED')) {
      status(`Stopped after iteration ${sampler.iteration} (β = ${sampler.beta.toPrecision(3)}). Resume, or download the state file and resume later, here or in Node.`);
      drawDiagnostics(sampler, true);
      offerState(sampler, `tempest_${sampler.iteration}.state`);
    } else {
      page.error = (error as Error).message;
      status(`The run failed: ${page.error}`, true);
    }
  } finally {
    page.running = false;
    buttons();
  }
}

function progress(sampler: Sampler, info: IterationInfo): void {
  $('p-iteration').textContent = String(info.iteration);
  $('p-calls').textContent = info.calls.toLocaleString('en');
  $('p-beta').textContent = info.beta.toPrecision(4);
  $('p-ess').textContent = info.ess.toFixed(0);
  $('p-logz').textContent = Number.isFinite(info.logz) ? info.logz.toFixed(3) : '–';
  $('p-acceptance').textContent = info.acceptance.toFixed(2);
  drawDiagnostics(sampler, false);
}

function drawDiagnostics(sampler: Sampler, now: boolean): void {
  // At most four times a second: drawing costs milliseconds, iterations may take fewer.
  if (!now && performance.now() - page.lastDraw < 250) return;
  page.lastDraw = performance.now();
  if (sampler.diagnostics.length > 0) $('diagnostics').innerHTML = diagnosticsPlotSvg(sampler.diagnostics, { title: 'Diagnostics' });
}

/** Offers the state file (and, once the run is done, the samples). */
function offerState(sampler: Sampler, name: string, done = false): void {
  $('result').hidden = false;
  for (const id of ['logz-line', 'verdict', 'fingerprint-line', 'download-csv']) $(id).hidden = !done;
  $('download-state').onclick = () => download(name, sampler.stateBytes(), 'application/octet-stream');
}

async function finished(sampler: Sampler, results: SamplerResults): Promise<void> {
  const { logz, logzErr } = sampler.evidence();
  const exactLogZ = EXAMPLES[picker.value]?.exactLogZ;
  const posterior = sampler.posterior();
  page.result = { logz, logzErr, exactLogZ, iterations: sampler.iteration, calls: sampler.calls, converged: results.convergence.converged, fingerprint: await fingerprint([posterior.samples.data, posterior.weights, posterior.logl, Float64Array.of(logz, logzErr)]) };
  $('logz').textContent = logz.toFixed(3);
  $('logz-err').textContent = logzErr.toFixed(3);
  $('exact').textContent = exactLogZ === undefined ? '' : `(exact ${exactLogZ.toFixed(3)}: ${(Math.abs(logz - exactLogZ) / logzErr).toFixed(1)} errors away)`;
  $('verdict').textContent = results.convergence.summary;
  $('fingerprint').textContent = page.result.fingerprint;
  $('download-csv').onclick = () => download('samples.csv', samplesCsv(sampler.posterior(), page.model!.names), 'text/csv');
  offerState(sampler, 'tempest_final.state', true);
  status(`Done: ${sampler.iteration} iterations, ${sampler.calls.toLocaleString('en')} likelihood calls.`);
  drawDiagnostics(sampler, true);
  const corner = samplerCornerInput(sampler);
  $('corner').innerHTML = cornerPlotSvg({ ...corner, title: EXAMPLES[picker.value]?.title });
}

async function fingerprint(arrays: Float64Array[]): Promise<string> {
  // Web Crypto's digest needs a secure context (https, or localhost); a plain-http page shows none.
  if (globalThis.crypto?.subtle === undefined) return 'unavailable (not a secure context)';
  const bytes = new Uint8Array(arrays.reduce((n, a) => n + a.byteLength, 0));
  let at = 0;
  for (const a of arrays) {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function start(make: () => Sampler): void {
  let sampler: Sampler;
  try {
    sampler = make();
  } catch (error) {
    page.error = (error as Error).message;
    status(page.error, true);
    return;
  }
  $('corner').innerHTML = '';
  $('diagnostics').innerHTML = '';
  void run(sampler);
}

$('run').addEventListener('click', () => start(newSampler));
$('stop').addEventListener('click', () => page.controller?.abort());
$('resume').addEventListener('click', () => {
  if (page.sampler !== undefined) void run(page.sampler);
});
field('load-state').addEventListener('change', async () => {
  const file = (field('load-state') as HTMLInputElement).files?.[0];
  if (file === undefined) return;
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const info = decodeStateInfo(bytes, file.name);
    const sampler = newSampler();
    sampler.loadStateBytes(bytes, file.name);
    page.sampler = sampler;
    page.result = undefined;
    status(`Loaded ${file.name}: iteration ${info.iteration}, β = ${info.beta.toPrecision(3)}, ${info.calls.toLocaleString('en')} calls, seed ${info.seed}. Press Resume to continue it.`);
    buttons();
  } catch (error) {
    status(`Cannot resume ${file.name}: ${(error as Error).message}`, true);
  }
});
buttons();
