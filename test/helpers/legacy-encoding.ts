/**
 * Text as a Windows code page's bytes, the way Excel saves a CSV on a Windows set to Italian,
 * Russian or Turkish. Node encodes only UTF-8 and UTF-16, so the table is built from the
 * decoder itself (WHATWG Encoding, as the import decodes): each byte's character, reversed.
 */
export function encodeLegacy(text: string, encoding: 'windows-1252' | 'windows-1251' | 'windows-1254'): Uint8Array {
  const decoder = new TextDecoder(encoding);
  const byteOf = new Map<string, number>();
  for (let b = 0; b < 256; b++) byteOf.set(decoder.decode(Uint8Array.of(b)), b);
  return Uint8Array.from([...text], (c) => {
    const b = byteOf.get(c);
    if (b === undefined) throw new Error(`${JSON.stringify(c)} has no byte in ${encoding}`);
    return b;
  });
}
