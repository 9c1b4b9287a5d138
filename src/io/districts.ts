/**
 * Districts from CSV: one row per district with its centroid (longitude/latitude), area and
 * population, optionally split by customer segment and by value tier (subscribers). GeoJSON
 * polygons with the same properties go through ./geojson.ts and share the checks here.
 *
 * A district without a type is classed by its subscriber density: urban from 800 per km²,
 * suburban from 60, rural below — roughly the central districts, the county towns and near
 * suburbs, and the mountain townships of a Chinese prefecture-level city at a 40 % market share.
 */
import { SEGMENTS, TIERS, type DistrictType, type SegmentId, type TierId } from '../model/domain.ts';
import { MAX_POPULATION } from '../model/scenario.ts';
import { quote, wordOf } from './cells.ts';
import { LAT_ALIASES, LON_ALIASES, readLonLat } from './coordinates.ts';
import type { CellReader, Field } from './csv.ts';
import type { ImportProblem, ImportResult, OnProgress } from './problems.ts';
import { importCsv, type Input } from './table.ts';

/** An imported district: centroid in lon/lat, area, population and its split, and its row. */
export interface ImportedDistrict {
  /** spreadsheet row (CSV) or feature number (GeoJSON), 1-based */
  row: number;
  id: string;
  name: string;
  type: DistrictType;
  lon: number;
  lat: number;
  areaKm2: number;
  /** subscribers (a relative weight for the model) */
  population: number;
  segments?: Record<SegmentId, number>;
  tiers?: Record<TierId, number>;
  /** GeoJSON MultiPolygon coordinates in lon/lat, exterior rings clockwise (d3-geo's winding) */
  polygon?: number[][][][];
  extra?: Record<string, string>;
}

/** Density thresholds of the type by density, subscribers per km². */
export const URBAN_DENSITY = 800;
export const SUBURBAN_DENSITY = 60;

const SEGMENT_ALIASES: Record<SegmentId, string[]> = {
  youth: ['年轻人', '青年', '青年客户', 'young'],
  business: ['商务', '商务客户', '商旅'],
  family: ['家庭', '家庭客户'],
  senior: ['老年', '老年人', '老年客户', '银发', 'elderly'],
  sme: ['中小企业', '小微企业', 'smes'],
  enterprise: ['大型政企', '政企', '集团客户', '大客户', 'largeenterprise'],
};
const TIER_ALIASES: Record<TierId, string[]> = {
  supreme: ['至尊', '至尊客户'],
  diamond: ['钻石', '钻石卡', '钻石客户'],
  gold: ['金', '金卡', '金卡客户'],
  silver: ['银', '银卡', '银卡客户'],
  ordinary: ['普通', '普通客户', '大众', '普卡'],
};
const SEGMENT_ZH: Record<SegmentId, string> = { youth: '年轻人', business: '商务', family: '家庭', senior: '老年', sme: '中小企业', enterprise: '大型政企' };
const TIER_ZH: Record<TierId, string> = { supreme: '至尊', diamond: '钻石', gold: '金卡', silver: '银卡', ordinary: '普通' };

const SPLIT_KEYS = [...SEGMENTS.map((s) => `segment.${s}`), ...TIERS.map((t) => `tier.${t}`)];

/** Properties every district has, in CSV columns and GeoJSON properties alike. */
export const DISTRICT_PROPERTY_FIELDS: readonly Field[] = [
  { key: 'id', label: 'id 编号', aliases: ['编号', '区县编码', '区域编码', '片区编码', '行政区划代码', '区划代码', '代码', '编码', 'adcode', 'code', 'districtid'], required: true },
  { key: 'name', label: 'name 名称', aliases: ['名称', '区县名称', '区域名称', '片区名称', '区县', '乡镇', 'districtname'] },
  { key: 'type', label: 'type 类型', aliases: ['类型', '区域类型', '城乡类型', '地域类型', 'districttype'] },
  { key: 'population', label: 'population 人口', aliases: ['pop', 'subscribers', 'customers', '人口', '用户数', '客户数', '总人口', '总用户数'] },
  ...SEGMENTS.map((s) => ({ key: `segment.${s}`, label: `${s} ${SEGMENT_ZH[s]}`, aliases: [s, ...SEGMENT_ALIASES[s]] })),
  ...TIERS.map((t) => ({ key: `tier.${t}`, label: `${t} ${TIER_ZH[t]}`, aliases: [t, ...TIER_ALIASES[t]] })),
];

/** CSV columns: the properties plus the centroid and the area. */
export const DISTRICT_FIELDS: readonly Field[] = [
  ...DISTRICT_PROPERTY_FIELDS.slice(0, 3),
  { key: 'lon', label: 'longitude 经度', aliases: LON_ALIASES, required: true },
  { key: 'lat', label: 'latitude 纬度', aliases: LAT_ALIASES, required: true },
  { key: 'areaKm2', label: 'area 面积 (km²)', aliases: ['area', 'areakm2', 'areasqkm', '面积', '面积km2', '面积平方公里', '辖区面积'], required: true },
  ...DISTRICT_PROPERTY_FIELDS.slice(3),
];

const TYPE_WORDS: Record<string, DistrictType> = {
  urban: 'urban', city: 'urban', 城区: 'urban', 市区: 'urban', 城市: 'urban', 主城区: 'urban', 中心城区: 'urban', 城: 'urban',
  suburban: 'suburban', suburb: 'suburban', 郊区: 'suburban', 近郊: 'suburban', 城郊: 'suburban', 县城: 'suburban', 城乡结合部: 'suburban', 城镇: 'suburban',
  rural: 'rural', 农村: 'rural', 乡村: 'rural', 乡镇: 'rural', 乡: 'rural', 镇: 'rural', 村: 'rural',
};

export interface DistrictImportOptions {
  onProgress?: OnProgress;
}

/** Read a districts CSV (centroid, area, population by segment and tier). */
export function importDistrictsCsv(input: Input, file: string, o: DistrictImportOptions = {}): ImportResult<ImportedDistrict> {
  const ids = new Map<string, number>();
  return importCsv<ImportedDistrict>(input, file, DISTRICT_FIELDS, ({ reader: r, row, extra }) => {
    const at = readLonLat(r);
    const areaKm2 = r.number('areaKm2', { min: 0.0001, max: 1e6, required: true });
    const p = readDistrictProperties(r, row, ids, areaKm2);
    if (p === undefined || at === undefined || areaKm2 === undefined) return undefined;
    return { ...p, lon: at[0], lat: at[1], areaKm2, ...(extra ? { extra } : {}) };
  }, { onProgress: o.onProgress, finish: (_, problems, column) => groupsComplete(file, problems, (key) => column(key) > 0) });
}

/**
 * The properties of one district (id, name, type, population and its split), checked, or
 * undefined with the problems recorded. `areaKm2` classes a district without a type; `unit` names
 * where a duplicate id was first seen (a CSV row or a GeoJSON feature).
 */
export function readDistrictProperties(r: CellReader, row: number, ids: Map<string, number>, areaKm2: number | undefined, unit: 'row' | 'feature' = 'row'): Omit<ImportedDistrict, 'lon' | 'lat' | 'areaKm2' | 'polygon' | 'extra'> | undefined {
  const id = r.required('id');
  if (id !== undefined) {
    const first = ids.get(id);
    if (first !== undefined) r.fail('id', `duplicate id ${JSON.stringify(id)} (first at ${unit} ${first})`);
    else ids.set(id, row);
  }
  const typeText = r.text('type');
  let type: DistrictType | undefined;
  if (typeText !== '') {
    type = wordOf(TYPE_WORDS, typeText);
    if (type === undefined) r.fail('type', `unknown type ${quote(typeText)}; expected urban (城区), suburban (郊区) or rural (农村), or leave it empty to class by density`);
  }
  const segments = split(r, SEGMENTS, 'segment');
  const tiers = split(r, TIERS, 'tier');
  const segSum = segments ? sum(segments) : null, tierSum = tiers ? sum(tiers) : null;
  let population: number | undefined;
  if (r.text('population') !== '') {
    // the scenario schema's bound, so that an imported district is one the schema accepts
    population = r.number('population', { min: 0, max: MAX_POPULATION });
    if (population !== undefined && segSum !== null && !close(segSum, population)) r.fail('population', `${population} differs from the sum of the segment columns (${segSum}) by more than 1 %`);
    if (population !== undefined && tierSum !== null && !close(tierSum, population)) r.fail('population', `${population} differs from the sum of the tier columns (${tierSum}) by more than 1 %`);
  } else {
    population = segSum ?? tierSum ?? undefined;
    if (population !== undefined && population > MAX_POPULATION) {
      const group = segSum !== null ? 'segment' : 'tier';
      r.fail(`${group}.${(group === 'segment' ? SEGMENTS : TIERS)[0]}`, `the ${group} columns sum to ${population}; expected at most ${MAX_POPULATION} in a district`);
      population = undefined;
    }
    // both splits divide the one population: without a population cell they must agree
    if (segSum !== null && tierSum !== null && !close(segSum, tierSum)) {
      r.fail(`tier.${TIERS.find((k) => r.text(`tier.${k}`) !== '')}`, `the tier columns sum to ${tierSum}, the segment columns to ${segSum}: they split one population (differing by more than 1 %)`);
      population = undefined;
    }
    if (segments === null && tiers === null) {
      // no population at all: said at the population cell, else at the first cell of a split
      const at = r.has('population') ? 'population' : SPLIT_KEYS.find((k) => r.has(k));
      if (at) r.fail(at, 'empty; expected the subscribers of the district (or the segment columns)');
    }
  }
  if (id === undefined || population === undefined || segments === undefined || tiers === undefined || (typeText !== '' && type === undefined)) return undefined;
  if (type === undefined) {
    if (areaKm2 === undefined) return undefined;
    const density = population / areaKm2;
    type = density >= URBAN_DENSITY ? 'urban' : density >= SUBURBAN_DENSITY ? 'suburban' : 'rural';
  }
  const d: Omit<ImportedDistrict, 'lon' | 'lat' | 'areaKm2' | 'polygon' | 'extra'> = { row, id, name: r.text('name') || id, type, population };
  if (segments) d.segments = segments;
  if (tiers) d.tiers = tiers;
  return d;
}

/**
 * A population must be given, and a file that has some of the segment (or tier) columns must have
 * them all: they split one population. Problems at the header (row 1) or, for GeoJSON, the file.
 */
export function groupsComplete(file: string, problems: ImportProblem[], has: (key: string) => boolean, row = 1): void {
  if (!has('population') && !SEGMENTS.some((k) => has(`segment.${k}`)) && !TIERS.some((k) => has(`tier.${k}`)))
    problems.push({ file, row, column: 0, message: 'missing column population 人口 (or the segment or tier columns that split it)' });
  for (const [group, keys, zh] of [['segment', SEGMENTS, SEGMENT_ZH], ['tier', TIERS, TIER_ZH]] as const) {
    const present = keys.filter((k) => has(`${group}.${k}`));
    if (present.length === 0 || present.length === keys.length) continue;
    for (const k of keys) {
      if (!present.includes(k as never)) problems.push({ file, row, column: 0, message: `missing column ${k} ${(zh as Record<string, string>)[k]}: the ${group} columns come as a set (${keys.join(', ')})` });
    }
  }
}

// The split of a population over keys: null when the record has none of the cells filled,
// undefined when a cell is bad (recorded), else counts (empty cells are 0).
function split<K extends string>(r: CellReader, keys: readonly K[], group: string): Record<K, number> | null | undefined {
  if (!keys.some((k) => r.text(`${group}.${k}`) !== '')) return null;
  const out = {} as Record<K, number>;
  let bad = false;
  for (const k of keys) {
    const v = r.number(`${group}.${k}`, { min: 0, max: MAX_POPULATION });
    if (v === undefined && r.text(`${group}.${k}`) !== '') bad = true;
    out[k] = v ?? 0;
  }
  return bad ? undefined : out;
}

function sum(x: Record<string, number>): number {
  let s = 0;
  for (const k in x) s += x[k];
  return s;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.01 * Math.max(a, b) + 0.5;
}
