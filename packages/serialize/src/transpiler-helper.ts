/** A name a compiler, bundler, test runner or coverage tool put into a function's source. */
export interface TranspilerHelper {
  /** Who injects it. */
  readonly tool: string;
  /** What to change so that the function no longer needs it. */
  readonly remedy: string;
  /**
   * False when the name only looks like a tool's (`theta_1` may be TypeScript's `math_1`, or a
   * variable of the user's own), so the message should offer both readings.
   */
  readonly certain: boolean;
}

const IMPORT_REMEDY =
  'Copy the imported binding into a local constant at module scope (`const sumSq = importedSumSq;`) and capture that, or export the function and send a functionReference';
const LOWERING_REMEDY =
  'Compile for ES2022 or later (tsconfig "target", esbuild/tsup "target": "node20") so that async functions, spread, classes and private fields are not rewritten; or export the function and send a functionReference';

// Helper names without their numeric de-duplication suffix (`_asyncToGenerator2`).
const TSLIB = [
  '__extends', '__assign', '__rest', '__decorate', '__param', '__esDecorate', '__runInitializers', '__propKey',
  '__setFunctionName', '__metadata', '__awaiter', '__generator', '__createBinding', '__exportStar', '__values',
  '__read', '__spread', '__spreadArrays', '__spreadArray', '__await', '__asyncGenerator', '__asyncDelegator',
  '__asyncValues', '__makeTemplateObject', '__importStar', '__importDefault', '__classPrivateFieldGet',
  '__classPrivateFieldSet', '__classPrivateFieldIn', '__addDisposableResource', '__disposeResources',
  '__rewriteRelativeImportExtension',
];
const ESBUILD = [
  '__name', '__defProp', '__defNormalProp', '__publicField', '__privateGet', '__privateSet', '__privateAdd',
  '__privateMethod', '__privateWrapper', '__accessCheck', '__async', '__spreadValues', '__spreadProps', '__objRest',
  '__pow', '__superGet', '__superSet', '__superWrapper', '__template', '__using', '__callDispose', '__forAwait',
  '__yieldStar', '__knownSymbol', '__decoratorStart', '__decorateElement', '__decorateParam', '__commonJS',
  '__esm', '__export', '__toESM', '__toCommonJS', '__require', '__reExport', '__copyProps', '__getOwnPropNames',
  '__hasOwnProp', '__getProtoOf', '__getOwnPropDesc', '__create', '__glob',
];
const BABEL = [
  '_asyncToGenerator', '_defineProperty', '_objectSpread', '_objectSpread2', '_slicedToArray', '_toConsumableArray',
  '_classCallCheck', '_createClass', '_inherits', '_typeof', '_extends', '_objectWithoutProperties',
  '_objectWithoutPropertiesLoose', '_createForOfIteratorHelper', '_createForOfIteratorHelperLoose',
  '_regeneratorRuntime', 'regeneratorRuntime', '_interopRequireDefault', '_interopRequireWildcard',
  '_iterableToArray', '_arrayLikeToArray', '_unsupportedIterableToArray', '_arrayWithHoles', '_arrayWithoutHoles',
  '_nonIterableRest', '_nonIterableSpread', '_toArray', '_toPropertyKey', '_toPrimitive', '_classPrivateFieldGet',
  '_classPrivateFieldSet', '_classPrivateFieldInitSpec', '_classPrivateMethodGet', '_classPrivateMethodInitSpec',
  '_awaitAsyncGenerator', '_wrapAsyncGenerator', '_asyncIterator', '_taggedTemplateLiteral', '_superPropBase',
  '_get', '_set', '_getPrototypeOf', '_setPrototypeOf', '_possibleConstructorReturn', '_assertThisInitialized',
  '_callSuper', '_isNativeReflectConstruct', '_defineProperties', '_wrapNativeSuper', '_construct', '_readOnlyError',
];
// Babel's names (`_get`, `_typeof`) are plausible user variables too; the double-underscore ones are not.
const CERTAIN_HELPERS = new Set([...TSLIB, ...ESBUILD]);
const POSSIBLE_HELPERS = new Set(BABEL);

const PATTERNS: readonly (readonly [RegExp, TranspilerHelper])[] = [
  [/^__vite_ssr_\w+__$|^__vi_\w+__$/, { tool: 'Vite/vitest (an imported binding rewritten for server-side module loading)', remedy: IMPORT_REMEDY, certain: true }],
  [/^__webpack_\w+__$|^\w+__WEBPACK_IMPORTED_MODULE_\d+__\w*$/, { tool: 'webpack (an imported binding or its runtime)', remedy: IMPORT_REMEDY, certain: true }],
  [/^cov_(?=[a-z]*\d)[a-z\d]{6,}$/, { tool: 'istanbul coverage instrumentation (a counter)', remedy: 'Run without istanbul instrumentation (V8 coverage does not rewrite code), or export the function and send a functionReference', certain: false }],
  [/^import_[\w$]+$/, { tool: 'esbuild (an imported binding rewritten for CommonJS output)', remedy: IMPORT_REMEDY, certain: false }],
  [/^[A-Za-z$][\w$]*_\d+$/, { tool: 'TypeScript (an imported binding rewritten for CommonJS output, like `math_1.sumSq`)', remedy: IMPORT_REMEDY, certain: false }],
];

/**
 * Recognises names that tools inject into compiled code: lowering helpers (`__awaiter`,
 * `_asyncToGenerator`, esbuild's `__name`), rewritten imports (`__vite_ssr_import_0__`, `math_1`,
 * `import_math`) and coverage counters (`cov_1x2y3z`). The receiver has none of them.
 * @param name - a free variable of a function
 * @returns who injected it and what to do, or undefined for an ordinary name
 */
export function transpilerHelper(name: string): TranspilerHelper | undefined {
  const base = name.replace(/\d+$/, '');
  if (CERTAIN_HELPERS.has(base)) return { tool: 'a compiler lowering newer syntax (TypeScript or esbuild)', remedy: LOWERING_REMEDY, certain: true };
  if (POSSIBLE_HELPERS.has(base)) return { tool: 'Babel lowering newer syntax', remedy: LOWERING_REMEDY, certain: false };
  for (const [pattern, helper] of PATTERNS) if (pattern.test(name)) return helper;
  return undefined;
}
