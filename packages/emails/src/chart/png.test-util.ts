const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * What a PNG's header says: the 8-byte signature, then the IHDR chunk, which the format requires first (length 13,
 * type "IHDR", width and height as big-endian 32-bit integers). Throws when the bytes are not a PNG.
 */
export function pngHeader(png: Buffer): { width: number; height: number } {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG: wrong signature');
  if (png.readUInt32BE(8) !== 13 || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG: the first chunk is not IHDR');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
