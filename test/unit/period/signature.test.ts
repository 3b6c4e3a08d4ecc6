import crypto from 'node:crypto';
import { digestStringToSign, loadPublicKey, verifyDigestSignature } from '../../../src/period/signature';

const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const der = publicKey.export({ format: 'der', type: 'pkcs1' });

const FIELDS = {
  digestEndTime: '2026-11-01T11:00:00Z',
  digestS3Bucket: 'bucket',
  digestS3Object: 'AWSLogs/1/CloudTrail-Digest/k.json.gz',
  previousDigestSignature: 'abcd',
};
const INFLATED = Buffer.from('{"digest":true}');

describe('the digest signature', () => {
  it('is over end time, bucket/key, the SHA-256 of the gunzipped digest and the previous signature ("null" for none)', () => {
    const hash = crypto.createHash('sha256').update(INFLATED).digest('hex');
    expect(digestStringToSign(FIELDS, INFLATED)).toBe(
      `2026-11-01T11:00:00Z\nbucket/AWSLogs/1/CloudTrail-Digest/k.json.gz\n${hash}\nabcd`,
    );
    expect(digestStringToSign({ ...FIELDS, previousDigestSignature: null }, INFLATED).endsWith(`${hash}\nnull`)).toBe(
      true,
    );
  });

  it('verifies RSA PKCS#1 v1.5 SHA-256 with the DER PKCS#1 public key, and fails for any other text or key', () => {
    const text = digestStringToSign(FIELDS, INFLATED);
    const signature = crypto.sign('RSA-SHA256', Buffer.from(text), privateKey).toString('hex');
    expect(verifyDigestSignature(der, 'fp', signature, text)).toEqual({ valid: true });
    expect(verifyDigestSignature(der, 'fp', signature.toUpperCase(), text)).toEqual({ valid: true });
    expect(verifyDigestSignature(der, 'fp', signature, `${text}x`)).toEqual({
      valid: false,
      reason: 'signature verification failed',
    });
    const other = crypto
      .generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ format: 'der', type: 'pkcs1' });
    expect(verifyDigestSignature(other, 'fp', signature, text)).toEqual({
      valid: false,
      reason: 'signature verification failed',
    });
    // A signature longer than the modulus does not throw.
    expect(verifyDigestSignature(der, 'fp', `ff${signature}`, text)).toEqual({
      valid: false,
      reason: 'signature verification failed',
    });
  });

  it("gives the AWS CLI's reasons for a key that does not load and a signature that is not hex", () => {
    expect(loadPublicKey(Buffer.from('not a key'))).toBeUndefined();
    expect(verifyDigestSignature(Buffer.from('not a key'), 'f00d', 'abcd', 'x')).toEqual({
      valid: false,
      reason: 'Unable to load PKCS #1 key with fingerprint f00d',
    });
    expect(verifyDigestSignature(der, 'fp', 'abc', 'x')).toEqual({ valid: false, reason: 'Odd-length string' });
    expect(verifyDigestSignature(der, 'fp', 'zz', 'x')).toEqual({
      valid: false,
      reason: 'Non-hexadecimal digit found',
    });
  });
});
