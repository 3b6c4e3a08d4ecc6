import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { LogFileHash } from './store';

function zlibCodeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('Z_') ? code : undefined;
}

/**
 * SHA-256 of a gzip stream's content, chunk by chunk. A stream that is not gzip, or corrupt, is
 * "invalid format"; a truncated one is hashed as far as it inflates (so it does not match, as with
 * the AWS CLI). A failure of the source itself (the connection) rejects.
 *
 * The source is piped straight into the inflater, whose output feeds the hash: log files are
 * mostly small, and a stream pipeline per file would cost more than the inflating.
 */
export async function hashGzipStream(
  source: Readable,
  onContent?: (content: Buffer) => void | Promise<void>,
): Promise<LogFileHash> {
  const hash = crypto.createHash('sha256');
  const chunks: Buffer[] | undefined = onContent ? [] : undefined;
  const inflated = await new Promise<'complete' | 'truncated' | 'invalid'>((resolve, reject) => {
    const gunzip = zlib.createGunzip();
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
    };
    gunzip.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      chunks?.push(chunk);
    });
    gunzip.once('end', () => settle(() => resolve('complete')));
    gunzip.once('error', (error) => {
      source.unpipe(gunzip);
      source.destroy();
      const code = zlibCodeOf(error);
      settle(() =>
        code === 'Z_BUF_ERROR' ? resolve('truncated') : code !== undefined ? resolve('invalid') : reject(error),
      );
    });
    source.once('error', (error) => {
      gunzip.destroy();
      settle(() => reject(error));
    });
    source.pipe(gunzip);
  });
  if (inflated === 'invalid') return { status: 'invalid-format' };
  if (inflated === 'complete' && onContent && chunks) await onContent(Buffer.concat(chunks));
  return { status: 'hashed', sha256: hash.digest('hex') };
}
