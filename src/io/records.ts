/**
 * CSV records from text, read strictly: RFC 4180 §2 quoting, with the line endings spreadsheets
 * and editors write (CRLF, LF and a lone CR alike), and every quoting anomaly placed at the record
 * and column where it starts. Each record says on which physical line it starts and how many line
 * breaks its quoted cells hold, so the lines of a file can be accounted for.
 *
 * Why not d3-dsv's parser, which the project uses to write CSV: it never reports an anomaly. A
 * quote that is never closed makes the rest of the file one cell (a 40-row outlets file imports
 * as a few outlets), text after a closing quote is dropped (`"a"b,c` reads as `a`, ``, `c`), and a
 * stray quote in an unquoted cell passes as text. Finding those needs the quote state at every
 * character, that is a second tokenizer that would have to agree with d3's; one tokenizer that
 * reads and checks cannot disagree with itself.
 */

/** One record of a CSV file. */
export interface CsvRecord {
  /** the cells, quotes removed and doubled quotes undone */
  cells: string[];
  /** 0 for the first record (the header) */
  index: number;
  /** physical line the record starts on, 1-based */
  line: number;
  /** line breaks inside its quoted cells: the record spans breaks + 1 lines */
  breaks: number;
  /** its first anomaly (later ones follow from it): 1-based column, physical line, what is wrong */
  anomaly?: { column: number; line: number; message: string };
}

const QUOTE = 34, LF = 10, CR = 13;

/**
 * Call `f` with each record of `text`, in order; lines are numbered from `firstLine` (the text may
 * follow lines that are not records, such as an Excel "sep=" line). A line break ends a record unless it is inside a
 * quoted cell; a final line break adds no empty record. Anomalies (the record is still given, its
 * cells read as well as they can be, so later records keep their places):
 * - a quote that is never closed (at the opening quote): the rest of the file is one cell;
 * - text after a closing quote (kept in the cell);
 * - a quote inside a cell that does not start with one;
 * - a NUL or a byte-order mark inside the text.
 */
export function eachRecord(text: string, delimiter: string, f: (record: CsvRecord) => void, firstLine = 1): void {
  const D = delimiter.charCodeAt(0);
  const n = text.length;
  // eslint-disable-next-line no-control-regex
  const oddCharacters = /[\u0000\uFEFF]/.test(text); // checked per cell only when the text has any
  let i = 0, line = firstLine, index = 0;
  while (i < n) {
    const cells: string[] = [];
    const start = line;
    let breaks = 0;
    let anomaly: CsvRecord['anomaly'];
    const flag = (column: number, at: number, message: string) => {
      anomaly ??= { column, line: at, message };
    };
    for (;;) {
      const column = cells.length + 1;
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        const opened = line;
        let q = text.indexOf('"', i + 1);
        while (q >= 0 && text.charCodeAt(q + 1) === QUOTE) q = text.indexOf('"', q + 2);
        if (q < 0) {
          // never closed: the cell runs to the end of the text (less a final line end)
          let end = n;
          if (text.charCodeAt(end - 1) === LF) end--;
          if (text.charCodeAt(end - 1) === CR) end--;
          const b = countBreaks(text, i + 1, end);
          breaks += b;
          line += b;
          flag(column, opened, `quote opened here is never closed; every later line would be swallowed (${b === 0 ? 'it is on the last line' : `lines ${opened}–${opened + b} read as one cell`})`);
          cells.push(unquote(text.slice(i + 1, end)));
          i = n;
          break;
        }
        const b = countBreaks(text, i + 1, q);
        breaks += b;
        line += b;
        cell = unquote(text.slice(i + 1, q));
        i = q + 1;
        const c = text.charCodeAt(i);
        if (i < n && c !== D && c !== LF && c !== CR) {
          const e = cellEnd(text, i, D);
          const tail = text.slice(i, e);
          flag(column, opened, b > 0
            ? `quote opened here is closed only on line ${line}, where ${excerpt(tail)} follows it: was it meant to close on this line? every line between would be swallowed`
            : `text ${excerpt(tail)} after the closing quote: a quote inside a quoted cell must be doubled ("")`);
          cell += tail;
          i = e;
        }
      } else {
        const e = cellEnd(text, i, D);
        cell = text.slice(i, e);
        if (cell.includes('"')) flag(column, line, `a quote inside a cell that is not quoted (${excerpt(cell)}): quote the whole cell and double its quotes ("${excerpt(cell.replace(/"/g, '""'))}")`);
        i = e;
      }
      if (oddCharacters) {
        if (cell.includes('\u0000')) flag(column, line, 'a NUL character: the file is binary, or UTF-16 saved without a byte-order mark; save it as "CSV UTF-8"');
        else if (cell.includes('\uFEFF')) flag(column, line, 'a byte-order mark (U+FEFF, invisible) inside the file, e.g. where two files were joined together; delete it');
      }
      cells.push(cell);
      const c = text.charCodeAt(i);
      if (i < n && c === D) {
        i++;
        continue;
      }
      if (c === CR) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      else if (c === LF) i++;
      line++;
      break;
    }
    const record: CsvRecord = { cells, index: index++, line: start, breaks };
    if (anomaly) record.anomaly = anomaly;
    f(record);
  }
}

/** Physical lines of a text: its line ends (CRLF, LF or CR), plus one for a last line without one. */
export function countLines(text: string): number {
  const n = text.length;
  if (n === 0) return 0;
  const ends = countBreaks(text, 0, n);
  const last = text.charCodeAt(n - 1);
  return ends + (last === LF || last === CR ? 0 : 1);
}

// Line ends in text[from, to): CRLF counts once.
function countBreaks(text: string, from: number, to: number): number {
  let k = 0;
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === LF) k++;
    else if (c === CR) {
      k++;
      if (j + 1 < to && text.charCodeAt(j + 1) === LF) j++;
    }
  }
  return k;
}

// Index of the delimiter or line end that closes an unquoted cell starting at i (n at the end).
function cellEnd(text: string, i: number, D: number): number {
  const n = text.length;
  let e = i;
  for (; e < n; e++) {
    const c = text.charCodeAt(e);
    if (c === D || c === LF || c === CR) break;
  }
  return e;
}

function unquote(s: string): string {
  return s.includes('""') ? s.replace(/""/g, '"') : s;
}

// Cell text for a message: short, and with its line breaks shown.
function excerpt(s: string): string {
  const t = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  return t.replace(/\r\n|\r|\n/g, '↵');
}
