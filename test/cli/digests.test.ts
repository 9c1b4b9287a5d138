/**
 * The pin for behaviour-preserving changes: a default run, a compare, a sweep and a seek with a
 * fixed seed must give byte-identical outputs (wall-clock fields aside) to the stored digests.
 * A model change made on purpose re-stores them with `npx tsx scripts/digests.ts --write`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeDigests, DIGESTS_FILE } from '../../scripts/digests.ts';

describe('output digests', () => {
  it('a run, a compare, a sweep and a seek give the stored outputs byte for byte', () => {
    const stored = JSON.parse(readFileSync(DIGESTS_FILE, 'utf8'));
    expect(computeDigests()).toEqual(stored);
  }, 180_000);
});
