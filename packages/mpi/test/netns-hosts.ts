import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Fake hosts on this machine: one network namespace each, joined by a bridge in its own namespace. */
export interface FakeHosts {
  /** Namespace (and hostname) of each host; the first runs mpirun. */
  readonly names: string[];
  /** Address of each host, on a subnet that exists only inside the namespaces. */
  readonly addresses: string[];
  /** Hostfile listing every host by address with `slots` each. */
  readonly hostfile: string;
  /** OpenMPI rsh agent that runs a command in a host's namespace, under its hostname, with a clean environment. */
  readonly agent: string;
  /** The command prefix that runs a command inside the first host. */
  readonly enterFirst: string[];
  /** Kills everything inside the namespaces and removes them and OpenMPI's leftovers. */
  teardown(): void;
}

const SUBNET = '10.77.0';

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function tryIp(...args: string[]): string {
  try {
    return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

function teardown(prefix: string, names: string[], dir: string): void {
  for (const ns of names) {
    const pids = tryIp('netns', 'pids', ns).split('\n').filter(Boolean);
    for (const pid of pids) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    tryIp('netns', 'del', ns);
  }
  rmSync(dir, { recursive: true, force: true });
  for (const [base, stem] of [[tmpdir(), `ompi.${prefix}`], ['/dev/shm', `vader_segment.${prefix}`]] as const) {
    try {
      for (const f of readdirSync(base)) if (f.startsWith(stem)) rmSync(join(base, f), { recursive: true, force: true });
    } catch {
      // no such directory
    }
  }
}

/**
 * Removes fake hosts left by earlier runs that crashed: namespaces named `<stem><pid>…` whose
 * process is gone.
 * @param stem - the prefix stem, followed by the pid of the run that made them
 */
export function removeStaleHosts(stem: string): void {
  const stale = new Set<string>();
  for (const line of tryIp('netns', 'list').split('\n')) {
    const m = new RegExp(`^(${stem}(\\d+))(br|h\\d+)\\b`).exec(line);
    if (m === null) continue;
    try {
      process.kill(Number(m[2]), 0);
    } catch {
      stale.add(m[1]);
    }
  }
  for (const prefix of stale) {
    const names = tryIp('netns', 'list').split('\n').map((l) => l.split(' ')[0]).filter((n) => n.startsWith(prefix));
    teardown(prefix, names, join(tmpdir(), `${prefix}-hosts`));
  }
}

/**
 * Makes `count` fake hosts (see the notes' "Several hosts on one machine"). Needs root and `ip`.
 * Tears down leftovers of the same prefix first, in case an earlier run crashed.
 * @param prefix - unique per run, short (namespace names and hostnames)
 * @param count - number of hosts
 * @param slots - ranks per host in the hostfile
 * @returns the hosts, or throws with the reason they cannot be made here
 */
export function makeFakeHosts(prefix: string, count: number, slots: number): FakeHosts {
  const bridge = `${prefix}br`;
  const names = Array.from({ length: count }, (_, i) => `${prefix}h${i + 1}`);
  const addresses = names.map((_, i) => `${SUBNET}.${i + 1}`);
  const dir = join(tmpdir(), `${prefix}-hosts`);
  teardown(prefix, [...names, bridge], dir);
  try {
    ip('netns', 'add', bridge);
    ip('-n', bridge, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', bridge, 'link', 'set', 'br0', 'up');
    names.forEach((ns, i) => {
      ip('netns', 'add', ns);
      // Both veth ends are created inside namespaces: nothing is added to the root namespace.
      ip('-n', bridge, 'link', 'add', `v${i + 1}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
      ip('-n', bridge, 'link', 'set', `v${i + 1}`, 'master', 'br0');
      ip('-n', bridge, 'link', 'set', `v${i + 1}`, 'up');
      ip('-n', ns, 'addr', 'add', `${addresses[i]}/24`, 'dev', 'eth0');
      ip('-n', ns, 'link', 'set', 'eth0', 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    });
  } catch (error) {
    teardown(prefix, [...names, bridge], dir);
    throw error;
  }
  mkdirSync(dir, { recursive: true });
  const hostfile = join(dir, 'hostfile');
  writeFileSync(hostfile, addresses.map((a) => `${a} slots=${slots}\n`).join(''));
  const agent = join(dir, 'agent.sh');
  // Called by mpirun like ssh: agent [options] host command. Enters the host's namespace with its
  // own hostname (ranks on different hosts must not share OpenMPI's shared-memory names) and a
  // cleared environment, so only what mpirun forwards (-x) reaches the ranks, as on a cluster.
  writeFileSync(
    agent,
    [
      '#!/bin/sh',
      'while [ "${1#-}" != "$1" ]; do shift; done',
      'host=$1; shift',
      'case "$host" in',
      ...names.map((ns, i) => `  ${addresses[i]}) ns=${ns} ;;`),
      '  *) echo "agent: unknown host $host" >&2; exit 1 ;;',
      'esac',
      'exec ip netns exec "$ns" unshare --uts sh -c \'hostname "$0"; exec env -i PATH="$1" HOME="$2" sh -c "$3"\' "$ns" "$PATH" "${HOME:-/root}" "$*"',
      '',
    ].join('\n'),
  );
  chmodSync(agent, 0o755);
  const enterFirst = ['ip', 'netns', 'exec', names[0], 'unshare', '--uts', 'sh', '-c', `hostname ${names[0]} && exec "$@"`, 'sh'];
  return { names, addresses, hostfile, agent, enterFirst, teardown: () => teardown(prefix, [...names, bridge], dir) };
}
