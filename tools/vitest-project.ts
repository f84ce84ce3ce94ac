import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * The vitest project of one package: resolves sibling packages to their TypeScript source (the
 * `@tempest/source` export condition, so tests never need a build) and runs the tests beside the
 * sources and in `test/`.
 * @param name - the project's name (`npx vitest run --project <name>`)
 * @param test - settings to add or replace (timeouts, global set-up)
 * @returns the project configuration
 */
export function packageProject(name: string, test: UserWorkspaceConfig['test'] = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { conditions: ['@tempest/source'] },
    ssr: { resolve: { conditions: ['@tempest/source'] } },
    test: { name, include: ['src/**/*.test.ts', 'test/**/*.test.ts'], ...test },
  });
}
