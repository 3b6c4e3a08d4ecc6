import { errorCodeOf, errorMessageOf, scrubSecrets, toGap } from '../../../src/collect/errors';

describe('turning SDK errors into gaps', () => {
  it('keeps the AWS error code and a one-line message', () => {
    const error = Object.assign(new Error('User: arn:aws:iam::1:user/x is not authorized\n to perform: cloudtrail:GetTrailStatus'), { name: 'AccessDeniedException', $metadata: {} });
    expect(toGap(error, { accountId: '1', region: 'eu-west-1', api: 'cloudtrail:GetTrailStatus', resource: 'arn:t' })).toEqual({
      accountId: '1',
      region: 'eu-west-1',
      api: 'cloudtrail:GetTrailStatus',
      errorCode: 'AccessDeniedException',
      message: 'User: arn:aws:iam::1:user/x is not authorized to perform: cloudtrail:GetTrailStatus',
      resource: 'arn:t',
    });
  });

  it('prefers the S3 Code over a generic name, and keeps status-named errors such as NotFound', () => {
    expect(errorCodeOf(Object.assign(new Error('x'), { name: 'Error', Code: 'NoSuchBucketPolicy' }))).toBe('NoSuchBucketPolicy');
    expect(errorCodeOf(Object.assign(new Error('x'), { name: 'NotFound', $response: { headers: { 'content-type': 'text/html' } } }))).toBe('NotFound');
  });

  it('calls an HTML answer or an unparseable body "unsupported by endpoint"', () => {
    const html = Object.assign(new Error('UnknownError'), { name: 'Unknown', $response: { headers: { 'content-type': 'text/html; charset=utf-8' } } });
    expect(errorCodeOf(html)).toBe('UnsupportedByEndpoint');
    const unparseable = Object.assign(new Error('Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response'), { name: 'SyntaxError' });
    expect(errorCodeOf(unparseable)).toBe('UnsupportedByEndpoint');
    expect(errorMessageOf(unparseable)).toMatch(/^unsupported by endpoint \(Unexpected token/);
  });

  it('never lets an access key id through into evidence', () => {
    expect(scrubSecrets('The key AKIAIOSFODNN7EXAMPLE and ASIAXXXXXXXXXXXXXXXX are not valid')).toBe('The key [redacted] and [redacted] are not valid');
    expect(errorMessageOf(new Error('InvalidAccessKeyId AKIAIOSFODNN7EXAMPLE'))).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });
});
