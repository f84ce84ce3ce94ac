import { describePoolConformance } from '@tempest/pool/conformance';
import { TinypoolPool } from '../examples/tinypool-pool.js';

// The documented third-party example, held to the same conformance suite as the built-in pools.
describePoolConformance('TinypoolPool (third-party example)', () => new TinypoolPool({
  size: 2,
  filename: new URL('./fixtures/tinypool-worker-boot.mjs', import.meta.url).href,
  execArgv: ['--conditions=@tempest/source'],
}));
