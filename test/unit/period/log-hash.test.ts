import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { hashGzipStream } from '../../../src/period/log-hash';

const CONTENT = Buffer.from(
  JSON.stringify({ Records: Array.from({ length: 2000 }, (_, n) => ({ eventName: 'Get', n })) }),
);
const sha256 = (data: Buffer): string => crypto.createHash('sha256').update(data).digest('hex');

/** The gzip bytes in small chunks, as a socket delivers them. */
function chunked(data: Buffer, size = 1000): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size) chunks.push(data.subarray(offset, offset + size));
  return Readable.from(chunks);
}

describe('hashGzipStream', () => {
  it('hashes the gunzipped content chunk by chunk and hands the content over when asked', async () => {
    let handed: Buffer | undefined;
    const hash = await hashGzipStream(chunked(zlib.gzipSync(CONTENT)), (content) => {
      handed = content;
    });
    expect(hash).toEqual({ status: 'hashed', sha256: sha256(CONTENT) });
    expect(handed?.equals(CONTENT)).toBe(true);
  });

  it('says invalid format for what is not gzip, and hashes a truncated file as far as it inflates', async () => {
    expect(await hashGzipStream(chunked(CONTENT))).toEqual({ status: 'invalid-format' });
    const gzip = zlib.gzipSync(CONTENT);
    const truncated = await hashGzipStream(chunked(gzip.subarray(0, gzip.length / 2)), () => {
      throw new Error('no content for a truncated file');
    });
    expect(truncated.status).toBe('hashed');
    expect(truncated).not.toEqual({ status: 'hashed', sha256: sha256(CONTENT) });
    expect(await hashGzipStream(chunked(Buffer.alloc(0)))).toEqual({
      status: 'hashed',
      sha256: sha256(Buffer.alloc(0)),
    });
  });

  it('passes a failure of the source on (a cut connection is not a verdict)', async () => {
    const source = new Readable({
      read() {
        this.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      },
    });
    await expect(hashGzipStream(source)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});
