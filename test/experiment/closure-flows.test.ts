import { describe, expect, it } from 'vitest';
import { plannedClosures, splitClosureFlows } from '../../src/experiment/closure-flows.ts';
import { createModel } from '../../src/model/engine.ts';
import { smallScenario } from '../model/month.ts';

describe('closure flows split by why the outlet closed', () => {
  it('puts the closure lever\'s outlets on the plan and every other closed outlet with the partners that left, keeping order and shares', () => {
    const flows = { P09: { lost: 1 }, S08: { ownStore: 0.7, lost: 0.3 }, P13: { partner: 1 }, P40: { app: 0.5, lost: 0.5 } };
    const { plan, exits } = splitClosureFlows(flows, ['S08', 'P13', 'P63']);
    expect(Object.keys(plan)).toEqual(['S08', 'P13']);
    expect(Object.keys(exits)).toEqual(['P09', 'P40']);
    expect(plan.S08).toBe(flows.S08);
    expect(splitClosureFlows({}, ['S08'])).toEqual({ plan: {}, exits: {} });
  });

  it('reads the lever\'s list from a stored scenario, and an empty list from anything else', () => {
    expect(plannedClosures({ levers: { closures: { outlets: ['S01', 7, 'P02'] } } })).toEqual(['S01', 'P02']);
    expect(plannedClosures({ levers: {} })).toEqual([]);
    expect(plannedClosures(null)).toEqual([]);
    expect(plannedClosures('S01')).toEqual([]);
  });

  it('in a run with partner exit on and one closure on the plan, the exits are every other closed outlet, all partners', () => {
    const s = smallScenario({ levers: { closures: { outlets: ['S01'], fromMonth: 2 } } }, 3000, 12);
    const planned = s.levers.closures.outlets;
    const model = createModel(s, 0);
    model.tick(12);
    const r = model.result();
    const { plan, exits } = splitClosureFlows(r.closureFlows, planned);
    expect(Object.keys(plan)).toEqual(['S01']);
    expect(Object.keys(exits).length).toBeGreaterThan(0);
    const kind = new Map(model.region.outlets.map((o) => [o.id, o.kind]));
    for (const id of Object.keys(exits)) expect(kind.get(id), id).toBe('partner');
    expect(Object.keys(plan).length + Object.keys(exits).length).toBe(Object.keys(r.closureFlows).length);
  });
});
