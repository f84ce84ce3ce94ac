import type {
  AnyNode,
  ArrowFunctionExpression,
  Class,
  Expression,
  Function as FunctionNode,
  FunctionExpression,
  MemberExpression,
  Pattern,
  Statement,
  ModuleDeclaration,
  VariableDeclaration,
} from 'acorn';

/** A construct that ties a function to the place it was written. */
export type ContextUse = 'this' | 'super' | 'new-target' | 'import-meta' | 'eval';

/** What a function refers to outside itself, from {@link analyzeScope}. */
export interface ScopeReport {
  /** Free identifiers (neither declared nor parameters anywhere in scope), with the offset of their first use. */
  readonly free: Map<string, number>;
  /** Uses of `this`, `super`, `new.target`, `import.meta` and direct `eval` that refer outside the function. */
  readonly contextUses: { readonly what: ContextUse; readonly at: number }[];
  /**
   * Properties of the global object the function reads by name (`globalThis.scale`,
   * `global['scale']`, `const { scale } = globalThis`), with the name it reads them through and
   * the offset of the first read. Writes (`globalThis.cache = …`, `??=`) and `typeof` checks are
   * not reads; a computed name (`globalThis[key]`) cannot be known and is not listed.
   */
  readonly globalProperties: Map<string, { readonly via: string; readonly at: number }>;
}

/** Names of the global object that a function can read properties of. */
const GLOBAL_OBJECT_NAMES = new Set(['globalThis', 'global']);
/** Assignments that write without reading the old value first, or read it only to keep it. */
const WRITING_OPERATORS = new Set(['=', '&&=', '||=', '??=']);

class Scope {
  readonly names = new Set<string>();
  constructor(readonly parent: Scope | undefined) {}

  has(name: string): boolean {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) if (s.names.has(name)) return true;
    return false;
  }
}

interface Context {
  readonly scope: Scope;
  /** `this` is bound inside the analysed function (by a nested non-arrow function or class member). */
  readonly thisBound: boolean;
  /** `super` is bound inside it (by a nested method). */
  readonly superBound: boolean;
  /** `new.target` is bound inside it. */
  readonly newTargetBound: boolean;
}

type BodyStatement = Statement | ModuleDeclaration;

/**
 * Finds what a function expression refers to outside itself: the free variables it would need from
 * its defining scope, and uses of `this`, `super`, `new.target`, `import.meta` and direct `eval`
 * that only make sense where it was written. Works on an acorn (ESTree) AST, resolving every
 * identifier against the scopes the function itself declares: parameters, `var` (hoisted to the
 * function), `let`/`const`/`class` and strict-mode function declarations (per block), catch
 * parameters, and the names of named function and class expressions.
 *
 * @param fn - the function to analyse, as parsed
 * @returns free names and context uses, with source offsets as in the parsed text
 */
export function analyzeScope(fn: FunctionExpression | ArrowFunctionExpression): ScopeReport {
  const free = new Map<string, number>();
  const contextUses: { what: ContextUse; at: number }[] = [];
  const use = (what: ContextUse, at: number): void => {
    contextUses.push({ what, at });
  };
  const reference = (name: string, at: number, ctx: Context): void => {
    if (!ctx.scope.has(name) && !free.has(name)) free.set(name, at);
  };
  const globalProperties = new Map<string, { via: string; at: number }>();
  // `globalThis` (or `global`) itself, when the function has not declared a variable of that name.
  const globalObject = (node: AnyNode | null | undefined, ctx: Context): string | undefined =>
    node?.type === 'Identifier' && GLOBAL_OBJECT_NAMES.has(node.name) && !ctx.scope.has(node.name) ? node.name : undefined;
  const readGlobal = (name: string, via: string, at: number): void => {
    if (!globalProperties.has(name)) globalProperties.set(name, { via, at });
  };
  // A member expression on the global object with a name known before running: its name.
  const globalMember = (node: MemberExpression, ctx: Context): { name: string; via: string } | undefined => {
    const via = globalObject(node.object, ctx);
    if (via === undefined) return undefined;
    if (!node.computed && node.property.type === 'Identifier') return { name: node.property.name, via };
    if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') return { name: node.property.value, via };
    return undefined;
  };
  const visitMember = (node: MemberExpression, ctx: Context, reads: boolean): void => {
    const member = reads ? globalMember(node, ctx) : undefined;
    if (member !== undefined) readGlobal(member.name, member.via, node.start);
    visit(node.object, ctx);
    if (node.computed) visit(node.property, ctx);
  };
  // `const { scale, k: rate } = globalThis` and `({ scale } = globalThis)` read properties too.
  const destructureGlobal = (pattern: Pattern, init: Expression | null | undefined, ctx: Context): void => {
    const via = globalObject(init, ctx);
    if (via === undefined || pattern.type !== 'ObjectPattern') return;
    for (const property of pattern.properties) {
      if (property.type === 'RestElement') continue;
      if (!property.computed && property.key.type === 'Identifier') readGlobal(property.key.name, via, property.key.start);
      else if (property.key.type === 'Literal' && typeof property.key.value === 'string') readGlobal(property.key.value, via, property.key.start);
    }
  };

  const visitFunction = (node: FunctionNode, ctx: Context, kind: 'root' | 'plain' | 'method'): void => {
    const arrow = node.type === 'ArrowFunctionExpression';
    const scope = new Scope(ctx.scope);
    if (node.type === 'FunctionExpression' && node.id) scope.names.add(node.id.name);
    if (!arrow) scope.names.add('arguments');
    for (const param of node.params) declarePattern(param, scope);
    const inner: Context = arrow
      ? { ...ctx, scope }
      : { scope, thisBound: kind !== 'root', superBound: kind === 'method', newTargetBound: true };
    for (const param of node.params) visitPatternDefaults(param, inner);
    if (node.body.type === 'BlockStatement') {
      hoistVars(node.body.body, scope);
      declareLexical(node.body.body, scope);
      for (const statement of node.body.body) visit(statement, inner);
    } else {
      visit(node.body, inner);
    }
  };

  const visitClass = (node: Class, ctx: Context): void => {
    if (node.superClass) visit(node.superClass, ctx);
    const scope = new Scope(ctx.scope);
    if (node.id) scope.names.add(node.id.name);
    const outer: Context = { ...ctx, scope };
    const member: Context = { scope, thisBound: true, superBound: true, newTargetBound: true };
    for (const element of node.body.body) {
      if (element.type === 'MethodDefinition') {
        if (element.computed) visit(element.key, outer);
        visitFunction(element.value, outer, 'method');
      } else if (element.type === 'PropertyDefinition') {
        if (element.computed) visit(element.key, outer);
        if (element.value) visit(element.value, member);
      } else {
        const block = new Scope(scope);
        hoistVars(element.body, block);
        declareLexical(element.body, block);
        for (const statement of element.body) visit(statement, { ...member, scope: block });
      }
    }
  };

  // Expressions inside a declared pattern: default values and computed keys.
  const visitPatternDefaults = (pattern: Pattern, ctx: Context): void => {
    switch (pattern.type) {
      case 'AssignmentPattern':
        visitPatternDefaults(pattern.left, ctx);
        visit(pattern.right, ctx);
        return;
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          if (property.type === 'RestElement') visitPatternDefaults(property.argument, ctx);
          else {
            if (property.computed) visit(property.key, ctx);
            visitPatternDefaults(property.value, ctx);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) visitPatternDefaults(element, ctx);
        return;
      case 'RestElement':
        visitPatternDefaults(pattern.argument, ctx);
        return;
      default:
        return;
    }
  };

  // An assignment target: its identifiers are references (assigning to a free variable uses it).
  const visitTarget = (pattern: Pattern, ctx: Context): void => {
    switch (pattern.type) {
      case 'Identifier':
        reference(pattern.name, pattern.start, ctx);
        return;
      case 'MemberExpression':
        visitMember(pattern, ctx, false);
        return;
      case 'AssignmentPattern':
        visitTarget(pattern.left, ctx);
        visit(pattern.right, ctx);
        return;
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          if (property.type === 'RestElement') visitTarget(property.argument, ctx);
          else {
            if (property.computed) visit(property.key, ctx);
            visitTarget(property.value, ctx);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) visitTarget(element, ctx);
        return;
      case 'RestElement':
        visitTarget(pattern.argument, ctx);
        return;
    }
  };

  const visitDeclaration = (node: VariableDeclaration, ctx: Context): void => {
    for (const declarator of node.declarations) {
      visitPatternDefaults(declarator.id, ctx);
      destructureGlobal(declarator.id, declarator.init, ctx);
      if (declarator.init) visit(declarator.init, ctx);
    }
  };

  const visit = (node: AnyNode | null | undefined, ctx: Context): void => {
    if (!node) return;
    switch (node.type) {
      case 'Identifier':
        reference(node.name, node.start, ctx);
        return;
      case 'ThisExpression':
        if (!ctx.thisBound) use('this', node.start);
        return;
      case 'Super':
        if (!ctx.superBound) use('super', node.start);
        return;
      case 'MetaProperty':
        if (node.meta.name === 'import') use('import-meta', node.start);
        else if (!ctx.newTargetBound) use('new-target', node.start);
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'FunctionDeclaration':
        visitFunction(node, ctx, 'plain');
        return;
      case 'ClassExpression':
      case 'ClassDeclaration':
        visitClass(node, ctx);
        return;
      case 'BlockStatement': {
        const scope = new Scope(ctx.scope);
        declareLexical(node.body, scope);
        const inner = { ...ctx, scope };
        for (const statement of node.body) visit(statement, inner);
        return;
      }
      case 'VariableDeclaration':
        visitDeclaration(node, ctx);
        return;
      case 'ForStatement': {
        const scope = new Scope(ctx.scope);
        if (node.init?.type === 'VariableDeclaration' && node.init.kind !== 'var') declareVariables(node.init, scope);
        const inner = { ...ctx, scope };
        visit(node.init, inner);
        visit(node.test, inner);
        visit(node.update, inner);
        visit(node.body, inner);
        return;
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        const scope = new Scope(ctx.scope);
        const inner = { ...ctx, scope };
        if (node.left.type === 'VariableDeclaration') {
          if (node.left.kind !== 'var') declareVariables(node.left, scope);
          visitDeclaration(node.left, inner);
        } else {
          visitTarget(node.left, inner);
        }
        visit(node.right, inner);
        visit(node.body, inner);
        return;
      }
      case 'CatchClause': {
        const scope = new Scope(ctx.scope);
        if (node.param) declarePattern(node.param, scope);
        const inner = { ...ctx, scope };
        if (node.param) visitPatternDefaults(node.param, inner);
        visit(node.body, inner);
        return;
      }
      case 'SwitchStatement': {
        visit(node.discriminant, ctx);
        const scope = new Scope(ctx.scope);
        for (const c of node.cases) declareLexical(c.consequent, scope);
        const inner = { ...ctx, scope };
        for (const c of node.cases) {
          visit(c.test, inner);
          for (const statement of c.consequent) visit(statement, inner);
        }
        return;
      }
      case 'LabeledStatement':
        visit(node.body, ctx);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
        return;
      case 'MemberExpression':
        visitMember(node, ctx, true);
        return;
      case 'UnaryExpression':
        // `typeof globalThis.x` and `delete globalThis.x` work whether or not the worker has x.
        if ((node.operator === 'typeof' || node.operator === 'delete') && node.argument.type === 'MemberExpression') visitMember(node.argument, ctx, false);
        else visit(node.argument, ctx);
        return;
      case 'Property':
        if (node.computed) visit(node.key, ctx);
        if (node.method || node.kind !== 'init') visitFunction(node.value as FunctionExpression, ctx, 'method');
        else visit(node.value, ctx);
        return;
      case 'AssignmentExpression':
        // `globalThis.total += x` reads the old value, which a worker does not have.
        if (!WRITING_OPERATORS.has(node.operator) && node.left.type === 'MemberExpression') visitMember(node.left, ctx, true);
        else visitTarget(node.left, ctx);
        destructureGlobal(node.left, node.right, ctx);
        visit(node.right, ctx);
        return;
      case 'CallExpression':
        if (node.callee.type === 'Identifier' && node.callee.name === 'eval' && !ctx.scope.has('eval')) use('eval', node.start);
        visit(node.callee, ctx);
        for (const argument of node.arguments) visit(argument, ctx);
        return;
      default:
        visitChildren(node, ctx);
    }
  };

  const visitChildren = (node: AnyNode, ctx: Context): void => {
    for (const key of Object.keys(node)) {
      if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue;
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) visit(item, ctx);
      } else if (isNode(child)) {
        visit(child, ctx);
      }
    }
  };

  const root = new Scope(undefined);
  visitFunction(fn, { scope: root, thisBound: false, superBound: false, newTargetBound: false }, 'root');
  return { free, contextUses, globalProperties };
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function declarePattern(pattern: Pattern, scope: Scope): void {
  switch (pattern.type) {
    case 'Identifier':
      scope.names.add(pattern.name);
      return;
    case 'AssignmentPattern':
      declarePattern(pattern.left, scope);
      return;
    case 'ObjectPattern':
      for (const property of pattern.properties) declarePattern(property.type === 'RestElement' ? property.argument : property.value, scope);
      return;
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element) declarePattern(element, scope);
      return;
    case 'RestElement':
      declarePattern(pattern.argument, scope);
      return;
    default:
      return;
  }
}

function declareVariables(node: VariableDeclaration, scope: Scope): void {
  for (const declarator of node.declarations) declarePattern(declarator.id, scope);
}

// Names a block declares for itself: let, const, class, and (in strict code) function declarations.
function declareLexical(statements: readonly BodyStatement[], scope: Scope): void {
  for (const statement of statements) {
    if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') declareVariables(statement, scope);
    else if ((statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') && statement.id) scope.names.add(statement.id.name);
  }
}

// `var` declarations anywhere in a function body (but not in nested functions) belong to the function.
function hoistVars(statements: readonly (BodyStatement | null | undefined)[], scope: Scope): void {
  for (const statement of statements) {
    if (!statement) continue;
    switch (statement.type) {
      case 'VariableDeclaration':
        if (statement.kind === 'var') declareVariables(statement, scope);
        break;
      case 'BlockStatement':
        hoistVars(statement.body, scope);
        break;
      case 'IfStatement':
        hoistVars([statement.consequent, statement.alternate], scope);
        break;
      case 'ForStatement':
        if (statement.init?.type === 'VariableDeclaration') hoistVars([statement.init], scope);
        hoistVars([statement.body], scope);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        if (statement.left.type === 'VariableDeclaration') hoistVars([statement.left], scope);
        hoistVars([statement.body], scope);
        break;
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'LabeledStatement':
      case 'WithStatement':
        hoistVars([statement.body], scope);
        break;
      case 'TryStatement':
        hoistVars([statement.block, statement.handler?.body, statement.finalizer], scope);
        break;
      case 'SwitchStatement':
        for (const c of statement.cases) hoistVars(c.consequent, scope);
        break;
      default:
        break;
    }
  }
}
