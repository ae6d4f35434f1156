/**
 * The body of a fetch `Response` as text, read as it streams in; past `maxBytes` the read stops,
 * the rest is never downloaded (the stream is cancelled, closing the connection) and this throws.
 * Counts the bytes as decoded, so a compressed reply cannot expand past the cap either.
 */
export async function readCapped(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new Error(`reply of ${declared} bytes is over the ${maxBytes}-byte cap`);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`reply is over the ${maxBytes}-byte cap`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
