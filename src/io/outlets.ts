/**
 * Outlets from CSV: own stores (自营厅) and partner outlets (社会渠道) with their position in
 * longitude/latitude and what the model needs of them. One row per outlet; columns in English or
 * Chinese (scenarios/templates/README.md lists them). Columns the model does not use are kept
 * verbatim as `extra`, so results can be joined back to the planner's own table.
 */
import { parseHours, quote, splitList, wordOf } from './cells.ts';
import { LAT_ALIASES, LON_ALIASES, readLonLat } from './coordinates.ts';
import type { Field } from './csv.ts';
import type { ImportResult, OnProgress } from './problems.ts';
import { serviceLookup, type ServiceRef } from './services.ts';
import { importCsv, type Input } from './table.ts';

/** An imported outlet: the schema's outlet fields, lon/lat instead of km, and its row. */
export interface ImportedOutlet {
  /** spreadsheet row it came from */
  row: number;
  id: string;
  name: string;
  kind: 'own' | 'partner';
  lon: number;
  lat: number;
  counters?: number;
  kiosks?: number;
  openHours?: number;
  rentMonthly?: number;
  staff?: number;
  attractiveness?: number;
  /** service ids the outlet offers (可办业务); absent: whatever its channel carries */
  services?: string[];
  /** columns the model does not use: header → text */
  extra?: Record<string, string>;
}

export const OUTLET_FIELDS: readonly Field[] = [
  { key: 'id', label: 'id 网点编码', aliases: ['编号', '网点编码', '网点编号', '网点代码', '渠道编码', '代码', '编码', 'outletid', 'code'], required: true },
  { key: 'name', label: 'name 网点名称', aliases: ['名称', '网点名称', '网点名', '渠道名称', 'outletname'] },
  { key: 'kind', label: 'kind 类型', aliases: ['type', '类型', '网点类型', '渠道类型', '网点性质', '性质'], required: true },
  { key: 'lon', label: 'longitude 经度', aliases: LON_ALIASES, required: true },
  { key: 'lat', label: 'latitude 纬度', aliases: LAT_ALIASES, required: true },
  { key: 'counters', label: 'counters 柜台数', aliases: ['counter', 'desks', '柜台数', '柜台', '台席数', '台席', '受理台数', '工位数'] },
  { key: 'kiosks', label: 'kiosks 自助终端数', aliases: ['kiosk', '自助终端', '自助终端数', '自助机', '自助设备数'] },
  { key: 'openHours', label: 'opening hours 营业时长', aliases: ['openinghours', 'hours', 'open hours', '营业时长', '营业时间', '营业小时'] },
  { key: 'rentMonthly', label: 'monthly rent 月租金', aliases: ['rent', 'monthlyrent', '月租金', '租金', '房租', '月租'] },
  { key: 'staff', label: 'staff 人员', aliases: ['staffing', 'headcount', '人员', '人员数', '员工数', '人数', '营业员数'] },
  { key: 'attractiveness', label: 'attractiveness 吸引力', aliases: ['吸引力', '吸引力系数'] },
  { key: 'services', label: 'services offered 可办业务', aliases: ['servicesoffered', 'service', '可办业务', '业务', '可办理业务', '受理业务', '业务范围'] },
];

const KIND_WORDS: Record<string, 'own' | 'partner'> = {
  own: 'own', 'own store': 'own', 自营: 'own', 自有: 'own', 直营: 'own', 自营厅: 'own', 营业厅: 'own', 自营营业厅: 'own', 旗舰店: 'own', 品牌店: 'own',
  partner: 'partner', social: 'partner', 社会: 'partner', 社会渠道: 'partner', 合作: 'partner', 合作厅: 'partner', 代理: 'partner', 代理点: 'partner',
  特约代理点: 'partner', 专营店: 'partner', 加盟: 'partner', 加盟店: 'partner', 代办点: 'partner', 快递驿站: 'partner',
};

export interface OutletImportOptions {
  /** the scenario's services, to check the services-offered column (default: none accepted) */
  services?: readonly ServiceRef[];
  onProgress?: OnProgress;
}

/**
 * Read an outlets CSV. Problems: missing column, empty or bad cell, coordinate out of range,
 * duplicate id, unknown kind, unknown service or one the outlet's channel cannot carry.
 */
export function importOutlets(input: Input, file: string, o: OutletImportOptions = {}): ImportResult<ImportedOutlet> {
  const lookup = serviceLookup(o.services ?? []);
  const firstRow = new Map<string, number>();
  return importCsv<ImportedOutlet>(input, file, OUTLET_FIELDS, ({ reader: r, row, extra }) => {
    const id = r.required('id');
    if (id !== undefined) {
      const at = firstRow.get(id);
      if (at !== undefined) r.fail('id', `duplicate id ${JSON.stringify(id)} (first at row ${at})`);
      else firstRow.set(id, row);
    }
    const kindText = r.required('kind');
    const kind = kindText === undefined ? undefined : wordOf(KIND_WORDS, kindText);
    if (kindText !== undefined && kind === undefined) r.fail('kind', `unknown kind ${quote(kindText)}; expected own (自营) or partner (社会)`);
    const at = readLonLat(r);
    const counters = r.number('counters', { min: 1, max: 100, integer: true });
    const kiosks = r.number('kiosks', { min: 0, max: 50, integer: true });
    const openHours = r.number('openHours', { min: 1, max: 24, parse: parseHours });
    const rentMonthly = r.number('rentMonthly', { min: 0, max: 1e8 });
    const staff = r.number('staff', { min: 0, max: 10_000 });
    const attractiveness = r.number('attractiveness', { min: 0.01, max: 100 });
    let services: string[] | undefined;
    if (r.text('services') !== '') {
      const channel = kind === 'own' ? 'ownStore' : 'partner';
      services = [];
      for (const token of splitList(r.text('services'))) {
        const s = lookup.find(token);
        if (!s) r.fail('services', `unknown service ${quote(token)}; expected service ids or names of the scenario, e.g. ${lookup.examples}`);
        else if (kind !== undefined && !s.channels.includes(channel)) r.fail('services', `${s.id}${s.name ? ` (${s.name})` : ''} cannot be done at ${kind === 'own' ? 'own stores' : 'partner outlets'} (its channels: ${s.channels.join(', ')})`);
        else if (!services.includes(s.id)) services.push(s.id);
      }
    }
    if (id === undefined || kind === undefined || at === undefined) return undefined;
    const rec: ImportedOutlet = { row, id, name: r.text('name') || id, kind, lon: at[0], lat: at[1] };
    if (counters !== undefined) rec.counters = counters;
    if (kiosks !== undefined) rec.kiosks = kiosks;
    if (openHours !== undefined) rec.openHours = round(openHours, 4);
    if (rentMonthly !== undefined) rec.rentMonthly = rentMonthly;
    if (staff !== undefined) rec.staff = staff;
    if (attractiveness !== undefined) rec.attractiveness = attractiveness;
    if (services !== undefined) rec.services = services;
    if (extra !== undefined) rec.extra = extra;
    return rec;
  }, { onProgress: o.onProgress });
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
