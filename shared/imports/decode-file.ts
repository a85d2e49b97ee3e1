import type { FieldProblem } from '../errors';
import type { Profile } from '../profiles/profile-schema';

/** What an import may say its file is in; `auto` detects (see `decodeImportFile`). */
export const IMPORT_ENCODINGS = ['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'windows-1251', 'windows-1254'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

export type DecodedFile = { ok: true; text: string; decodedAs: string } | { ok: false; problem: FieldProblem };

const BOMS: Array<{ bytes: number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

const SINGLE_BYTE = new Set(['windows-1252', 'windows-1251', 'windows-1254']);
/**
 * The bytes a Windows code page leaves undefined decode (WHATWG Encoding) to C1 control characters
 * rather than failing: in a file really written in that code page they never occur, so one means
 * the file is in some other encoding.
 */
const C1_CONTROL = /[\u0080-\u009f]/;

const strict = (encoding: string) => new TextDecoder(encoding, { fatal: true, ignoreBOM: true });

/**
 * Windows-1252's bytes 0x80–0x9F, as the WHATWG Encoding standard's index-windows-1252 maps them
 * (`€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ`; 0x81, 0x8D, 0x8F, 0x90 and 0x9D are
 * undefined and stay C1 controls, refused below). Node's TextDecoder reads `windows-1252` as Latin-1
 * from 20.18.3 / 22.13.0 until fixed (nodejs/node#56542, #60888), which would turn D’Amico's 0x92
 * into U+0092 and refuse the file; mapping what is left in that range makes the result the
 * standard's on every Node (a correct decoder leaves nothing to map but the undefined bytes).
 */
const WINDOWS_1252_C1 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const C1_CONTROLS = /[\u0080-\u009f]/g;
const windows1252C1 = (text: string) =>
  text.replace(C1_CONTROLS, (c) => String.fromCharCode(WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c.charCodeAt(0)));

/** 1-based line of `offset` in `text` (CRLF, LF and CR each end a line, as the CSV reader counts). */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

/**
 * The line of the first byte that does not decode: the longest prefix that decodes (streaming, so
 * a sequence cut at the end of the prefix is not an error) is found by bisection — only on the
 * way to refusing a file, never for a file that decodes.
 */
function lineOfFirstInvalidByte(bytes: Uint8Array, encoding: string): number {
  const decodes = (end: number) => {
    try {
      strict(encoding).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (decodes(mid)) low = mid;
    else high = mid - 1;
  }
  const text = strict(encoding).decode(bytes.subarray(0, low), { stream: true });
  return lineAt(text, text.length);
}

const refused = (code: string, message: string): DecodedFile => ({ ok: false, problem: { field: 'file', code, message } });

const SAVE_AS = 'save it as UTF-8, or give the encoding it is in';

/** Decodes with one encoding, strictly: every byte must map to a character, and a code page's undefined bytes count as errors. */
function decodeAs(bytes: Uint8Array, encoding: string): { ok: true; text: string } | { ok: false; line: number } {
  let text: string;
  try {
    text = strict(encoding).decode(bytes);
  } catch {
    return { ok: false, line: lineOfFirstInvalidByte(bytes, encoding) };
  }
  if (encoding === 'windows-1252') text = windows1252C1(text);
  if (SINGLE_BYTE.has(encoding)) {
    const at = text.search(C1_CONTROL);
    if (at >= 0) return { ok: false, line: lineAt(text, at) };
  }
  return { ok: true, text };
}

/**
 * Turns an uploaded file into text, or refuses it with the line where it stops decoding — never
 * text with U+FFFD in place of what could not be read (issue #13: `Niccolò` read as `Niccol�`).
 *
 * - A byte-order mark decides (UTF-8, UTF-16 LE or BE), whatever was asked, as the WHATWG
 *   Encoding standard's decode does.
 * - Without one, a given `encoding` is used; `auto` tries UTF-8 and then the profile's Windows code
 *   page (Windows-1252 in Italy, -1251 in Russia, -1254 in Turkey: what Excel writes there). Valid
 *   UTF-8 is practically never produced by accident from a code page's accented letters, so the
 *   order decides correctly; a file in any other encoding must say so.
 * - A NUL character is refused too: it is how UTF-16 without a byte-order mark reads as UTF-8.
 * Decoding is once per file (TextDecoder, `fatal: true`), never per row.
 */
export function decodeImportFile(bytes: Uint8Array, requested: ImportEncoding, profile: Pick<Profile, 'staffImport'>): DecodedFile {
  const bom = BOMS.find((b) => b.bytes.every((byte, i) => bytes[i] === byte));
  const body = bom ? bytes.subarray(bom.bytes.length) : bytes;
  let decoded: { ok: true; text: string; decodedAs: string } | undefined;
  if (bom || requested !== 'auto') {
    const encoding = bom?.encoding ?? requested;
    const result = decodeAs(body, encoding);
    if (!result.ok) {
      return refused(
        'encoding_invalid',
        `The file is not valid ${encoding}: line ${result.line} cannot be read as ${encoding} (${SAVE_AS})`,
      );
    }
    decoded = { ok: true, text: result.text, decodedAs: bom ? `${encoding} (byte-order mark)` : encoding };
  } else {
    const utf8 = decodeAs(body, 'utf-8');
    if (utf8.ok) decoded = { ok: true, text: utf8.text, decodedAs: 'utf-8' };
    else {
      const legacy = profile.staffImport.legacyEncoding;
      const fallback = decodeAs(body, legacy);
      if (!fallback.ok) {
        return refused(
          'encoding_invalid',
          `The file is neither UTF-8 nor ${legacy}: line ${utf8.line} is not UTF-8 and line ${fallback.line} is not ${legacy} (${SAVE_AS})`,
        );
      }
      decoded = { ok: true, text: fallback.text, decodedAs: legacy };
    }
  }
  const nul = decoded.text.indexOf('\u0000');
  if (nul >= 0) {
    return refused(
      'encoding_invalid',
      `Line ${lineAt(decoded.text, nul)} contains a NUL character: is the file UTF-16 without a byte-order mark? (${SAVE_AS})`,
    );
  }
  return decoded;
}
