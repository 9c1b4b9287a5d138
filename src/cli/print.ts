/**
 * Everything the command line prints goes through printable(). What it prints quotes files and
 * options (scenario, outlet and service names, file names, values echoed in error messages), and
 * such text may hold terminal control sequences: ESC [2J clears the screen, OSC 8 forges a link,
 * ESC ]0; retitles the window, and a right-to-left override (U+202E) before `txt.exe` makes a
 * file name read as `…exe.txt`. So every control character (C0 but the line feed, DEL, C1) and
 * every bidirectional control is printed as its escape (`\u001b`, `\u202e`), never raw. That
 * escape is also JSON's, so JSON output stays valid JSON with the same meaning.
 */

// C0 but \n, DEL and C1; Arabic letter mark, LRM/RLM, embeddings and overrides (U+202A–E), isolates (U+2066–9).
const UNPRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text safe to print to a terminal: control and bidirectional characters as `\uXXXX`.
 * @example printable('a\u001b[2Jb') // 'a\\u001b[2Jb'
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Print to stdout, made printable. */
export function print(text: string): void {
  process.stdout.write(printable(text));
}

/** Print to stderr, made printable; `raw` goes first as it is (the progress bar's own erase codes). */
export function printError(text: string, raw = ''): void {
  process.stderr.write(raw + printable(text));
}
