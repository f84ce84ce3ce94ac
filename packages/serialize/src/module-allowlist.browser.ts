// The browser's `allowModules`: URL prefixes instead of folders (see `ResolveOptions.allowModules`).
import type { AllowModulesCheck } from './module-allowlist.js';
import { TempestError } from './tempest-error.js';

const SCHEME = /^[A-Za-z][A-Za-z\d+.-]*:/;

/** The page (or worker) URL relative entries resolve against. */
function here(): string | undefined {
  return (globalThis as { location?: { href: string } }).location?.href;
}

/**
 * Checks an `allowModules` option and makes it absolute: in a browser each entry is an `http:` or
 * `https:` URL (or a URL relative to the page), a folder when it ends with `/`; the default is
 * the page's own origin.
 * @param value - the option as given
 * @param base - the URL relative entries resolve against (default: the page's or worker's URL)
 * @returns the entries to give receivers (normalised URLs), and every problem found
 * @example
 * ```ts
 * const { allowModules, problems } = resolveAllowModules(['/models/']);
 * ```
 */
export function resolveAllowModules(value: unknown, base: string | undefined = here()): AllowModulesCheck {
  if (value === undefined) return { allowModules: base === undefined ? [] : [`${new URL(base).origin}/`], problems: [] };
  if (!Array.isArray(value)) {
    return { allowModules: [], problems: [`allowModules must be an array of module URLs or URL folders (ending in /), e.g. ['/models/']; got ${value === null ? 'null' : typeof value}.`] };
  }
  const allowModules: string[] = [];
  const problems: string[] = [];
  value.forEach((entry: unknown, i) => {
    if (typeof entry !== 'string' || entry === '') {
      problems.push(`allowModules[${i}] must be a non-empty string (a module URL, or a URL folder ending in /); got ${typeof entry}.`);
      return;
    }
    let url: URL;
    try {
      url = new URL(entry, base);
    } catch {
      problems.push(`allowModules[${i}] is not a URL${base === undefined ? ' (and there is no page URL to resolve it against)' : ''}; got ${JSON.stringify(entry)}.`);
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      const scheme = SCHEME.exec(entry)?.[0] ?? url.protocol;
      problems.push(`allowModules[${i}] names a ${scheme} URL; in a browser references name ES modules by http: or https: URL (folders end in /), e.g. '/models/'.`);
      return;
    }
    allowModules.push(url.href);
  });
  return { allowModules, problems };
}

/**
 * Refuses a reference's module unless an `allowModules` entry lets it in: an entry ending in `/`
 * allows the URLs under it without a query or fragment, any other entry that exact URL. URLs are
 * compared normalised (`..` resolved), so a reference cannot climb out of an allowed folder.
 * @param module - the reference's module URL
 * @param name - the export, for messages
 * @param allowModules - entries as from {@link resolveAllowModules}
 * @throws {TempestError} REFERENCE_NOT_ALLOWED when no entry allows the module
 */
export async function assertModuleAllowed(module: string, name: string, allowModules: readonly string[]): Promise<void> {
  const url = new URL(module);
  const href = url.href;
  const plain = url.search === '' && url.hash === '';
  if (allowModules.some((entry) => href === entry || (entry.endsWith('/') && plain && href.startsWith(entry)))) return;
  const allowed = allowModules.length === 0 ? 'no module at all' : allowModules.map((m) => JSON.stringify(m)).join(', ');
  throw new TempestError(
    'REFERENCE_NOT_ALLOWED',
    `Refusing to import ${module} for \`${name}\`: this receiver imports function references only from ${allowed} (its allowModules). Add its folder to allowModules, e.g. new WebWorkerPool({ allowModules: ['${new URL('./', url).href}'] }) (the default is the page's own origin).`,
    { option: 'allowModules', value: module },
  );
}
