import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { isTempestName, REPO_ROOT } from './pack-workspaces.js';
import { runCommand } from '../run-command.js';

/**
 * Resolution modes "are the types wrong" ignores, as its `node16` profile does: `node10` is
 * TypeScript's legacy `moduleResolution: node`, which cannot read `exports` (so it cannot see
 * `@tempest/pool/conformance`); every package requires Node 20, whose resolution is `node16`.
 */
export const ATTW_IGNORED_RESOLUTIONS = ['node10'];

/** What the two linters said about one tarball. */
export interface LintReport {
  /** publint's errors and warnings (strict: warnings count), one formatted line each. */
  readonly publint: string[];
  /** publint's suggestions (reported, not failures). */
  readonly publintSuggestions: string[];
  /** attw's problems outside the ignored resolution modes, one line each. */
  readonly attw: string[];
}

/**
 * Lints a packed tarball with publint (its API, on the tarball's bytes) and "are the types wrong"
 * (its CLI, `attw --profile node16`: node16 from CommonJS and from ESM, and bundler). publint's
 * LOCAL_DEPENDENCY on a Tempest sibling is not reported: `npm run pack` links the tarballs to each
 * other with `file:` on purpose (see linkSiblings in pack-workspaces.ts); any other is.
 * @param tarball - absolute path of the `.tgz`
 * @returns the problems each tool found (empty lists when the package is clean)
 * @throws {Error} when attw cannot analyse the tarball at all
 */
export async function lintTarball(tarball: string): Promise<LintReport> {
  const bytes = readFileSync(tarball);
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const [lint, attw] = await Promise.all([
    publint({ pack: { tarball: data }, level: 'suggestion', strict: true }),
    runCommand(process.execPath, [join(REPO_ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js'), '--profile', 'node16', '--format', 'json', '--no-color', tarball], { cwd: REPO_ROOT }),
  ]);
  const line = (m: (typeof lint.messages)[number]) => `${m.code}: ${formatMessage(m, lint.pkg, { color: false }) ?? ''}`;
  let analysis: { problems?: Record<string, { kind: string; entrypoint?: string; resolutionKind?: string }[]> };
  try {
    analysis = JSON.parse(attw.stdout) as typeof analysis;
  } catch {
    throw new Error(`attw could not analyse ${tarball} (exit ${attw.code}):\n${attw.stdout}\n${attw.stderr}`);
  }
  const attwProblems = Object.values(analysis.problems ?? {})
    .flat()
    .filter((p) => p.resolutionKind === undefined || !ATTW_IGNORED_RESOLUTIONS.includes(p.resolutionKind))
    .map((p) => `${p.kind}${p.entrypoint ? ` ${p.entrypoint}` : ''}${p.resolutionKind ? ` (${p.resolutionKind})` : ''}`);
  // The exit code is attw's own verdict under the profile; it must agree with the filtered list.
  if (attw.code !== 0 && attwProblems.length === 0) attwProblems.push(`attw exited with ${attw.code}: ${attw.stderr.trim()}`);
  const siblingLink = (m: (typeof lint.messages)[number]) => m.code === 'LOCAL_DEPENDENCY' && m.path[0] === 'dependencies' && isTempestName(String(m.path[1]));
  return {
    publint: lint.messages.filter((m) => m.type !== 'suggestion' && !siblingLink(m)).map(line),
    publintSuggestions: lint.messages.filter((m) => m.type === 'suggestion').map(line),
    attw: attwProblems,
  };
}
