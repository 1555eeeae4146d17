// The systemd unit for one machine (deploy/sso-portal-bot.service): systemd accepts it, it starts
// what `npm start` starts, it stops later than the bot's own shutdown takes, it may write where
// the SQLite database lives, and the README's deployment steps name the same paths.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_DATABASE_URL, DEFAULT_SHUTDOWN_GRACE } from '../../src/config.js';
import { parseDuration } from '../../src/core/duration.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const UNIT_PATH = 'deploy/sso-portal-bot.service';
const unitText = readFileSync(join(root, UNIT_PATH), 'utf8');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const startScript = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';

const DEFAULT_SHUTDOWN_GRACE_MS = parseDuration(DEFAULT_SHUTDOWN_GRACE) ?? Number.NaN;
/** main.ts's exit status for a configuration error (EX_CONFIG; test/startup.test.ts holds it to that). */
const EX_CONFIG = 78;

type Unit = Map<string, Map<string, string[]>>;

/**
 * A unit file's settings by section and key, every value of a repeated key in order
 * (systemd.syntax(7): `[Section]`, `Key=Value`, whole-line `#` and `;` comments, `\` continues a line).
 * No maintained package reads this format: ini readers merge repeated keys and convert values.
 */
function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | undefined;
  for (const line of text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = new Map();
      unit.set(header[1] as string, section);
      continue;
    }
    const equals = line.indexOf('=');
    if (!section || equals < 1) throw new Error(`not a setting: ${line}`);
    const key = line.slice(0, equals).trim();
    section.set(key, [...(section.get(key) ?? []), line.slice(equals + 1).trim()]);
  }
  return unit;
}

const unit = parseUnit(unitText);
/** The one value of `key` in `section` (a repeated key fails: each of these is set once). */
function setting(section: string, key: string): string {
  const values = unit.get(section)?.get(key) ?? [];
  expect(values, `[${section}] ${key}`).toHaveLength(1);
  return values[0] as string;
}

describe(UNIT_PATH, () => {
  it('has the three sections and starts with the machine', () => {
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(setting('Install', 'WantedBy')).toBe('multi-user.target');
    expect(setting('Unit', 'After')).toContain('network-online.target');
  });

  it("runs npm start's command as a dedicated user, from the release folder, with the settings file", () => {
    const [node, ...args] = setting('Service', 'ExecStart').split(/\s+/);
    expect(node).toMatch(/^\/.*\/node$/); // systemd wants an absolute path
    const [startNode, ...startArgs] = startScript.split(/\s+/);
    expect(startNode).toBe('node');
    expect(args).toEqual(startArgs);
    expect(args.at(-1)).toBe('dist/main.js'); // the build's entry (scripts/build.mjs compiles src/main.ts there)
    expect(existsSync(join(root, 'src', 'main.ts'))).toBe(true);
    expect(setting('Service', 'User')).toBe('sso-portal-bot');
    expect(setting('Service', 'Group')).toBe('sso-portal-bot');
    expect(setting('Service', 'WorkingDirectory')).toMatch(/^\//);
    expect(setting('Service', 'EnvironmentFile')).toMatch(/^\/etc\//);
  });

  it('restarts after a crash but not after a configuration error', () => {
    expect(setting('Service', 'Restart')).toBe('on-failure');
    expect(setting('Service', 'RestartPreventExitStatus')).toBe(String(EX_CONFIG));
  });

  it('stops with SIGTERM and kills only well after the default shutdown grace', () => {
    expect(setting('Service', 'KillSignal')).toBe('SIGTERM');
    const timeout = parseDuration(setting('Service', 'TimeoutStopSec'));
    expect(timeout).not.toBeNull();
    expect(timeout as number).toBeGreaterThan(DEFAULT_SHUTDOWN_GRACE_MS);
  });

  it('may write nothing but the folder of the default SQLite database', () => {
    expect(setting('Service', 'NoNewPrivileges')).toBe('yes');
    expect(setting('Service', 'ProtectSystem')).toBe('strict');
    expect(setting('Service', 'ProtectHome')).toBe('yes');
    expect(setting('Service', 'CapabilityBoundingSet')).toBe('');
    // DATABASE_URL's default is relative to the working directory.
    const database = posix.join(setting('Service', 'WorkingDirectory'), DEFAULT_DATABASE_URL.slice('file:'.length));
    expect(setting('Service', 'ReadWritePaths')).toBe(posix.dirname(database));
    // Node's JIT compiler writes executable memory: this setting would crash the bot.
    expect(unit.get('Service')?.has('MemoryDenyWriteExecute')).toBe(false);
  });

  it("names the same user, folders and settings file as the README's deployment steps", () => {
    for (const text of [
      UNIT_PATH,
      setting('Service', 'User'),
      setting('Service', 'WorkingDirectory'),
      setting('Service', 'EnvironmentFile'),
      setting('Service', 'ReadWritePaths'),
      setting('Service', 'TimeoutStopSec'),
    ]) {
      expect(readme.includes(text), `the README names ${text}`).toBe(true);
    }
  });

  const systemdAnalyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((path) => existsSync(path));
  describe.runIf(systemdAnalyze)('systemd-analyze verify', () => {
    const folder = mkdtempSync(join(tmpdir(), 'unit-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    /** systemd-analyze's complaints about `text` as a unit file ('' when it has none). */
    function verify(text: string): string {
      const copy = join(folder, 'sso-portal-bot.service');
      // It also checks that ExecStart's program exists: the Node running these tests stands in
      // for /usr/bin/node on a machine that has it elsewhere.
      writeFileSync(copy, text.replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`));
      const verified = spawnSync(systemdAnalyze as string, ['verify', copy], { encoding: 'utf8' });
      return `${verified.stderr}${verified.stdout}`.trim() || (verified.status === 0 ? '' : `exit status ${verified.status}`);
    }

    it('accepts the unit without a warning', () => {
      expect(verify(unitText)).toBe('');
    });

    it('would flag a misspelt setting (the check above can fail)', () => {
      expect(verify(unitText.replace('Restart=on-failure', 'Restart=sometimes'))).toContain('sometimes');
    });
  });
});
