import { errorCodeOf, errorMessageOf, scrubSecrets, toGap } from '../../../src/collect/errors';
import { TruncatedResponseError } from '../../../src/collect/http-handler';
import { CallTimeoutError, DeadlineExceededError } from '../../../src/collect/timeouts';

const SDK_HINT =
  '\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.';

describe('turning SDK errors into gaps', () => {
  it('keeps the AWS error code and a one-line message', () => {
    const error = Object.assign(
      new Error('User: arn:aws:iam::1:user/x is not authorized\n to perform: cloudtrail:GetTrailStatus'),
      { name: 'AccessDeniedException', $metadata: {} },
    );
    expect(
      toGap(error, { accountId: '1', region: 'eu-west-1', api: 'cloudtrail:GetTrailStatus', resource: 'arn:t' }),
    ).toEqual({
      accountId: '1',
      region: 'eu-west-1',
      api: 'cloudtrail:GetTrailStatus',
      errorCode: 'AccessDeniedException',
      message: 'User: arn:aws:iam::1:user/x is not authorized to perform: cloudtrail:GetTrailStatus',
      resource: 'arn:t',
    });
  });

  it('prefers the S3 Code over a generic name, and keeps status-named errors such as NotFound', () => {
    expect(errorCodeOf(Object.assign(new Error('x'), { name: 'Error', Code: 'NoSuchBucketPolicy' }))).toBe(
      'NoSuchBucketPolicy',
    );
    expect(
      errorCodeOf(
        Object.assign(new Error('x'), { name: 'NotFound', $response: { headers: { 'content-type': 'text/html' } } }),
      ),
    ).toBe('NotFound');
  });

  it('calls an HTML answer, or a body that fails to parse at its "<", "unsupported by endpoint"', () => {
    const html = Object.assign(new Error('UnknownError'), {
      name: 'Unknown',
      $response: { headers: { 'content-type': 'text/html; charset=utf-8' } },
    });
    expect(errorCodeOf(html)).toBe('UnsupportedByEndpoint');
    const unparseable = Object.assign(
      new Error(
        'Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response',
      ),
      { name: 'SyntaxError' },
    );
    expect(errorCodeOf(unparseable)).toBe('UnsupportedByEndpoint');
    expect(errorMessageOf(unparseable)).toMatch(/^unsupported by endpoint \(Unexpected token/);
  });

  it('calls a connection cut while the answer was read by its network code, never "unsupported by endpoint"', () => {
    const cut = Object.assign(new Error(`aborted${SDK_HINT}`), {
      code: 'ECONNRESET',
      $metadata: { httpStatusCode: 200 },
    });
    expect(errorCodeOf(cut)).toBe('ECONNRESET');
    expect(errorMessageOf(cut)).toBe('the connection failed while the answer was being read (aborted)');
    const wrapped = Object.assign(new Error(`socket closed${SDK_HINT}`), {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
    expect(errorCodeOf(wrapped)).toBe('ECONNRESET');
  });

  it('calls an answer that ends mid-document TruncatedResponse, and an unparseable one that is not HTML MalformedResponse', () => {
    const truncated = Object.assign(new Error(`Unexpected end of JSON input${SDK_HINT}`), { name: 'SyntaxError' });
    expect(errorCodeOf(truncated)).toBe('TruncatedResponse');
    expect(errorMessageOf(truncated)).toBe('the answer ended before its document did (Unexpected end of JSON input)');
    const garbled = Object.assign(new Error(`Unexpected token 'x', "xyz" is not valid JSON${SDK_HINT}`), {
      name: 'SyntaxError',
    });
    expect(errorCodeOf(garbled)).toBe('MalformedResponse');
    expect(errorMessageOf(garbled)).not.toMatch(/unsupported/);
  });

  it("keeps the codes and messages of trailaudit's own time limits and truncation", () => {
    expect(
      toGap(new CallTimeoutError(2000), { accountId: '1', region: 'r', api: 'cloudtrail:GetTrailStatus' }),
    ).toMatchObject({ errorCode: 'Timeout', message: 'no answer within 2 s' });
    expect(toGap(new DeadlineExceededError('1', 900_000), { accountId: '1', region: 'r', api: 'x' })).toMatchObject({
      errorCode: 'DeadlineExceeded',
      message: 'call abandoned: account 1 was not collected within 15 min',
    });
    const truncated = new TruncatedResponseError(57, 120, Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    expect(toGap(truncated, { accountId: '1', region: 'r', api: 'x' })).toMatchObject({
      errorCode: 'TruncatedResponse',
      message: 'the connection closed after 57 of 120 bytes of the answer (ECONNRESET)',
    });
  });

  it('never lets an access key id through into evidence', () => {
    expect(scrubSecrets('The key AKIAIOSFODNN7EXAMPLE and ASIAXXXXXXXXXXXXXXXX are not valid')).toBe(
      'The key [redacted] and [redacted] are not valid',
    );
    expect(errorMessageOf(new Error('InvalidAccessKeyId AKIAIOSFODNN7EXAMPLE'))).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });
});
