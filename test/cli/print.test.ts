import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { printable } from '../../src/cli/print.ts';
import { textTable } from '../../src/cli/experiment-io.ts';
import { BIN, ROOT } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'channel-lab-print-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const channelLab = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
// anything a terminal acts on: ESC, CSI (C1), BEL, the bidirectional overrides and isolates
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('printable: nothing the terminal would act on is printed raw', () => {
  it('shows ESC, CSI, OSC, C0 and C1 controls and DEL as \\uXXXX; keeps line feeds and ordinary text', () => {
    expect(printable('a\u001b[2Jb')).toBe('a\\u001b[2Jb');
    expect(printable('\u001b]8;;http://x\u0007link\u001b]8;;\u0007')).toBe('\\u001b]8;;http://x\\u0007link\\u001b]8;;\\u0007');
    expect(printable('\u009b31m\u0085\u007f\u0000\r\t')).toBe('\\u009b31m\\u0085\\u007f\\u0000\\u000d\\u0009');
    expect(printable('城东厅 ＝ 1\nnext line — ok')).toBe('城东厅 ＝ 1\nnext line — ok');
  });

  it('shows bidirectional controls (overrides, embeddings, isolates, marks) as \\uXXXX', () => {
    const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
    for (const ch of bidi) expect(printable(`x${ch}y`)).toBe(`x\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}y`);
  });

  it('leaves JSON valid and meaning the same', () => {
    const value = { name: 'a\u202eb\u009bc\u007f', n: 1 };
    expect(JSON.parse(printable(JSON.stringify(value, null, 2)))).toEqual(value);
  });

  it('a table measures names after escaping, so its columns stay aligned', () => {
    const lines = textTable(['outlet', 'n'], [['S\u001b[31m1', '1'], ['S2', '22']]).trimEnd().split('\n');
    expect(lines[2]).toBe('S\\u001b[31m1   1');
    expect(lines[3]).toBe('S2            22');
  });
});

describe('the command line prints names and file names escaped', () => {
  it('a scenario name with a screen-clearing sequence and a right-to-left override (validate)', () => {
    const file = join(dir, 'evil.json');
    writeFileSync(file, JSON.stringify({ name: 'Plan\u001b[2J\u001b]0;pwned\u0007 \u202etxt.exe\u009b1m' }));
    const r = channelLab('validate', file);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('"Plan\\u001b[2J\\u001b]0;pwned\\u0007 \\u202etxt.exe\\u009b1m"');
  });

  it('a file name in an error line, and an option value quoted back', () => {
    const missing = channelLab('validate', join(dir, 'x\u001b[31m.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).not.toMatch(RAW);
    expect(missing.stderr).toBe(`channel-lab: ${join(dir, 'x')}\\u001b[31m.json: cannot read (no such file)\n`);
    const option = channelLab('run', 'scenarios/default.json', '--seed', '\u001b[2J');
    expect(option.stderr).toBe('channel-lab: --seed: expected an integer from 0 to 2147483647 in decimal digits, got "\\u001b[2J"\n');
  });
});
