/**
 * Bytes to text, with the encoding shown to the user. Excel on a Chinese Windows machine saves
 * "CSV (comma delimited)" in GBK (code page 936) and "CSV UTF-8" with a byte-order mark; other
 * tools write UTF-8 without one. Detection: a BOM decides; otherwise strict UTF-8 decoding is
 * tried first, because GBK text is almost never valid UTF-8 (its lead bytes 0x81–0xFE are followed
 * by bytes that UTF-8 reserves for lead positions), and GBK after it.
 *
 * GBK is not taken on trust: Big5 (traditional Chinese, Taiwan and Hong Kong) and Shift_JIS
 * (Japanese) files are mostly valid GBK byte sequences too and decode to nonsense. A decode is
 * plausible when at least PLAUSIBLE of its non-ASCII characters are common ones of that
 * encoding's script:
 * - GBK: the GB 2312 set (the 6763 hanzi of modern simplified text, full-width forms and
 *   punctuation), without its kana, Greek, Cyrillic and box-drawing rows. Big5 text read as GBK
 *   lands there for about a third of its characters (the rest in GBK's rare-hanzi extensions,
 *   private-use code points and kana); Shift_JIS text read as GBK almost never does.
 * - Big5: its 5401 frequently used hanzi (常用字) and punctuation.
 * - Shift_JIS: kana, JIS level-1 kanji and punctuation.
 * The three are decoded with TextDecoder's WHATWG decoders (gbk is decoded as gb18030), which
 * Node 20, browsers and workers all have; their tables are built from those decoders on first use.
 * A file that is neither UTF-8 nor plausible GBK is refused with the encodings tried and the one it
 * looks like, never read as the nearest guess.
 */
export type Encoding = 'utf-8-bom' | 'utf-8' | 'gbk' | 'utf-16le' | 'utf-16be';

/** How each encoding is shown to the user. */
export const ENCODING_LABEL: Record<Encoding, string> = {
  'utf-8-bom': 'UTF-8 with BOM',
  'utf-8': 'UTF-8',
  gbk: 'GBK',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
};

/** Share of a decode's non-ASCII characters that must be common ones of its script. */
export const PLAUSIBLE = 0.8;

/** One encoding tried on a file that is not UTF-8, and how its decode scored. */
export interface EncodingTrial {
  label: 'GBK' | 'Big5' | 'Shift_JIS';
  /** share of the decode's non-ASCII characters that are common in that script; null when the bytes are not valid in it */
  plausibility: number | null;
  /** non-ASCII characters of the decode */
  characters: number;
}

export type Decoded =
  | { ok: true; text: string; encoding: Encoding }
  | { ok: false; message: string; tried?: EncodingTrial[] };

const RESAVE = 'open it and save it as UTF-8 (Excel: "CSV UTF-8"; a text editor: encoding UTF-8)';

/**
 * Decode a data file: UTF-8 (with or without BOM), GBK, or UTF-16 with a BOM (Excel's "Unicode
 * text"). The text never starts with a BOM.
 * @example decodeText(new Uint8Array([0xd6, 0xd0])) // { ok: true, text: '中', encoding: 'gbk' }
 */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = strict('utf-8', bytes.subarray(3));
    return text === null
      ? { ok: false, message: `starts with a UTF-8 byte-order mark but is not valid UTF-8 (first bad byte at offset ${3 + firstInvalidUtf8(bytes.subarray(3))}); save it again as "CSV UTF-8"` }
      : { ok: true, text, encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes, 'utf-16be');
  const workbook = workbookKind(bytes);
  if (workbook) return { ok: false, message: `an Excel workbook (${workbook}), not a CSV file; in Excel choose Save As → "CSV UTF-8"` };
  const wide = utf16WithoutBom(bytes);
  if (wide) return { ok: false, message: `looks like ${wide} text without a byte-order mark (every other byte is 0); ${RESAVE}` };
  const utf8 = strict('utf-8', bytes);
  if (utf8 !== null) return { ok: true, text: utf8, encoding: 'utf-8' };

  const gbk = strict('gbk', bytes);
  const gbkTrial = trial('GBK', gbk);
  const others = (['Big5', 'Shift_JIS'] as const).map((label) => trial(label, strict(label, bytes)));
  const best = Math.max(...others.map((t) => t.plausibility ?? -1));
  // A tie goes to GBK: with a handful of characters every decode can look common, and GBK is what
  // Excel writes on a Chinese Windows machine.
  if (gbk !== null && gbkTrial.plausibility! >= PLAUSIBLE && gbkTrial.plausibility! >= best) return { ok: true, text: gbk, encoding: 'gbk' };
  const tried = [gbkTrial, ...others];
  const likely = others.filter((t) => t.plausibility !== null && t.plausibility >= PLAUSIBLE && t.plausibility === best)[0];
  const looks = likely ? `it looks like ${likely.label} (${likely.label === 'Big5' ? 'traditional Chinese' : 'Japanese'})` : 'it looks like none of them';
  const each = [`UTF-8 (invalid at byte ${firstInvalidUtf8(bytes)})`, ...tried.map(describeTrial)];
  return { ok: false, message: `neither UTF-8 nor GBK text: tried ${each.join(', ')}; ${looks}; ${RESAVE}`, tried };
}

function describeTrial(t: EncodingTrial): string {
  if (t.plausibility === null) return `${t.label} (invalid)`;
  const pct = Math.floor(t.plausibility * 1000) / 10;
  const script = t.label === 'GBK' ? 'common simplified Chinese' : t.label === 'Big5' ? 'common traditional Chinese' : 'common Japanese';
  return `${t.label} (${pct} % of ${t.characters} characters ${script})`;
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Decoded {
  const text = strict(encoding, bytes.subarray(2));
  return text === null ? { ok: false, message: `starts with a ${ENCODING_LABEL[encoding]} byte-order mark but is not valid ${ENCODING_LABEL[encoding]}` } : { ok: true, text, encoding };
}

// Decoded text, or null when the bytes are not valid in that encoding.
function strict(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function trial(label: EncodingTrial['label'], text: string | null): EncodingTrial {
  if (text === null) return { label, plausibility: null, characters: 0 };
  const common = commonTable(label);
  let n = 0, k = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    n++;
    if (common[c] === 1) k++;
  }
  // No non-ASCII character: nothing speaks against it (ASCII is valid UTF-8 anyway).
  return { label, plausibility: n === 0 ? 1 : k / n, characters: n };
}

// Offset of the first byte that breaks UTF-8 (RFC 3629 §4), for the message only.
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

// xlsx is a zip archive ("PK\3\4"), xls an OLE compound file (D0 CF 11 E0): renamed to .csv, they
// would otherwise be refused as an unknown encoding, which sends the user the wrong way.
function workbookKind(b: Uint8Array): string | null {
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return '.xlsx';
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return '.xls';
  return null;
}

// UTF-16 without a BOM: text of ASCII characters has a 0 in every other byte, which no 8-bit
// encoding writes. Judged on the first 4 KB.
function utf16WithoutBom(b: Uint8Array): string | null {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 4) return null;
  let even = 0, odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  const half = n / 2;
  if (odd >= 0.3 * half && even <= 0.05 * half) return 'UTF-16LE';
  if (even >= 0.3 * half && odd <= 0.05 * half) return 'UTF-16BE';
  return null;
}

// Code units (BMP) that are common in each script, as a 64 K flag table, made from the decoders:
// [lead from, lead to, trail from, trail to] byte ranges of each encoding's common region.
const COMMON_RANGES: Record<EncodingTrial['label'], Array<[number, number, number, number]>> = {
  // GB 2312 rows 1–3 (punctuation, numerals, full-width forms) and 16–87 (hanzi)
  GBK: [[0xa1, 0xa3, 0xa1, 0xfe], [0xb0, 0xf7, 0xa1, 0xfe]],
  // Big5 symbols (A140–A3BF) and frequently used hanzi 常用字 (A440–C67E)
  Big5: [[0xa1, 0xa2, 0x40, 0x7e], [0xa1, 0xa2, 0xa1, 0xfe], [0xa3, 0xa3, 0x40, 0x7e], [0xa3, 0xa3, 0xa1, 0xbf], [0xa4, 0xc5, 0x40, 0x7e], [0xa4, 0xc5, 0xa1, 0xfe], [0xc6, 0xc6, 0x40, 0x7e]],
  // JIS X 0208 rows 1–6 (symbols, full-width forms, hiragana, katakana) and 16–47 (level-1 kanji, 889F–9872)
  Shift_JIS: [[0x81, 0x83, 0x40, 0xfc], [0x88, 0x88, 0x9f, 0xfc], [0x89, 0x97, 0x40, 0xfc], [0x98, 0x98, 0x40, 0x72]],
};
const tables = new Map<string, Uint8Array>();

function commonTable(label: EncodingTrial['label']): Uint8Array {
  let t = tables.get(label);
  if (t) return t;
  t = new Uint8Array(0x10000);
  const d = new TextDecoder(label);
  const pair = new Uint8Array(2);
  for (const [l0, l1, t0, t1] of COMMON_RANGES[label]) {
    for (let l = l0; l <= l1; l++) {
      for (let x = t0; x <= t1; x++) {
        pair[0] = l;
        pair[1] = x;
        const s = d.decode(pair);
        if (s.length === 1 && s !== '\ufffd') t[s.charCodeAt(0)] = 1;
      }
    }
  }
  // half-width katakana (single bytes A1–DF), as Japanese as the full-width ones
  if (label === 'Shift_JIS') t.fill(1, 0xff61, 0xffa0);
  tables.set(label, t);
  return t;
}
