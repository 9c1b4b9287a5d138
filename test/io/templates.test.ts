import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DISTRICT_FIELDS } from '../../src/io/districts.ts';
import { OBSERVED_FIELDS } from '../../src/io/observed.ts';
import { OUTLET_FIELDS } from '../../src/io/outlets.ts';
import { normalizeHeader } from '../../src/io/cells.ts';
import { decodeText } from '../../src/io/decode.ts';
import { parseTable } from '../../src/io/csv.ts';

const readme = readFileSync(new URL('../../scenarios/templates/README.md', import.meta.url), 'utf8');
const documented = new Set([...readme.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`]+)`/g)].map((m) => normalizeHeader(m[1])));

describe('scenarios/templates/README.md', () => {
  it.each([['outlets', OUTLET_FIELDS], ['districts', DISTRICT_FIELDS], ['observed', OBSERVED_FIELDS]] as const)('documents every header the %s importer accepts', (_, fields) => {
    const missing = fields.flatMap((f) => [f.key, ...f.aliases]).filter((a) => !/^(segment|tier)\./.test(a) && !documented.has(normalizeHeader(a)));
    expect(missing).toEqual([]);
  });

  it.each(['outlets.csv', 'outlets-gbk.csv', 'districts.csv', 'observed.csv'])('%s: every header of the template is a documented one or one of the sample\'s own', (file) => {
    const d = decodeText(readFileSync(new URL(`../../scenarios/templates/${file}`, import.meta.url)));
    if (!d.ok) throw new Error(d.message);
    const own = ['district', 'subtype', 'address', '所属区域', '渠道细类', '地址', 'note'];
    expect(parseTable(d.text).header.filter((h) => !documented.has(normalizeHeader(h)) && !own.includes(h))).toEqual([]);
  });
});
