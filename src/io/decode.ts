/**
 * Bytes to text, with the encoding shown to the user. Excel on a Chinese Windows machine saves
 * "CSV (comma delimited)" in GBK (code page 936) and "CSV UTF-8" with a byte-order mark; other
 * tools write UTF-8 without one. Detection: a BOM decides; otherwise strict UTF-8 decoding is
 * tried first, because GBK text is almost never valid UTF-8 (its lead bytes 0x81–0xFE are followed
 * by bytes that UTF-8 reserves for lead positions), and GBK is the fallback. DOM-free: TextDecoder
 * with the WHATWG "gbk" label works in Node 20, browsers and workers.
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

export type Decoded = { ok: true; text: string; encoding: Encoding } | { ok: false; message: string };

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
  const utf8 = strict('utf-8', bytes);
  if (utf8 !== null) return { ok: true, text: utf8, encoding: 'utf-8' };
  const gbk = strict('gbk', bytes);
  if (gbk !== null) return { ok: true, text: gbk, encoding: 'gbk' };
  return { ok: false, message: 'neither UTF-8 nor GBK text; save it from Excel as "CSV UTF-8" or "CSV (comma delimited)"' };
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
