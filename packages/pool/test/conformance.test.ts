import { describePoolConformance } from '@tempest/pool/conformance';
import { ProcessPool, SerialPool, ThreadPool } from '@tempest/pool';

describePoolConformance('SerialPool', () => new SerialPool());
describePoolConformance('ThreadPool', () => new ThreadPool({ size: 2 }));
describePoolConformance('ThreadPool with several chunks per worker', () => new ThreadPool({ size: 2, chunksPerWorker: 3 }));
describePoolConformance('ProcessPool', () => new ProcessPool({ size: 2 }));
