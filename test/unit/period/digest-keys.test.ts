import {
  digestKeyDate,
  digestKeyDateText,
  digestKeyFilter,
  digestKeyPattern,
  digestListingPrefix,
  digestMarkerKey,
  digestRegionsPrefix,
  isBackfillDigestKey,
  organizationAccountsPrefix,
  type DigestKeyScope,
} from '../../../src/period/digest-keys';

const SCOPE: DigestKeyScope = {
  accountId: '111122223333',
  sourceRegion: 'eu-west-1',
  homeRegion: 'us-east-1',
  trailName: 'audit.trail',
};
const ORG_SCOPE: DigestKeyScope = { ...SCOPE, organizationId: 'o-abc123', prefix: 'logs/ct' };

const key = (time: string, scope: DigestKeyScope = SCOPE, suffix = '.json.gz'): string =>
  `${scope.prefix ? `${scope.prefix}/` : ''}AWSLogs/${scope.organizationId ? `${scope.organizationId}/` : ''}${scope.accountId}/CloudTrail-Digest/${scope.sourceRegion}/${time.slice(0, 4)}/${time.slice(4, 6)}/${time.slice(6, 8)}/${scope.accountId}_CloudTrail-Digest_${scope.sourceRegion}_${scope.trailName}_${scope.homeRegion}_${time}${suffix}`;

describe('digest keys, as the AWS CLI computes them', () => {
  it('lists the source Region digest folder, with the prefix and the organization id', () => {
    expect(digestListingPrefix(SCOPE)).toBe('AWSLogs/111122223333/CloudTrail-Digest/eu-west-1');
    expect(digestListingPrefix(ORG_SCOPE)).toBe('logs/ct/AWSLogs/o-abc123/111122223333/CloudTrail-Digest/eu-west-1');
    expect(digestListingPrefix({ ...SCOPE, prefix: '' })).toBe('AWSLogs/111122223333/CloudTrail-Digest/eu-west-1');
    expect(digestRegionsPrefix(ORG_SCOPE)).toBe('logs/ct/AWSLogs/o-abc123/111122223333/CloudTrail-Digest/');
    expect(organizationAccountsPrefix('logs/ct', 'o-abc123')).toBe('logs/ct/AWSLogs/o-abc123/');
    expect(organizationAccountsPrefix(undefined, 'o-abc123')).toBe('AWSLogs/o-abc123/');
  });

  it('starts the listing after the key of a digest delivered one minute before the start (across midnight too)', () => {
    expect(digestMarkerKey(SCOPE, new Date('2026-11-01T10:00:30Z'))).toBe(key('20261101T095930Z'));
    expect(digestMarkerKey(ORG_SCOPE, new Date('2026-11-01T00:00:00Z'))).toBe(key('20261031T235900Z', ORG_SCOPE));
  });

  it('takes the time from the key by position, for standard and backfill digests', () => {
    expect(digestKeyDateText(key('20261101T100512Z'))).toBe('20261101T100512Z');
    expect(digestKeyDateText(key('20261101T100512Z', SCOPE, '_backfill.json.gz'))).toBe('20261101T100512Z');
    expect(isBackfillDigestKey(key('20261101T100512Z', SCOPE, '_backfill.json.gz'))).toBe(true);
    expect(isBackfillDigestKey(key('20261101T100512Z'))).toBe(false);
    expect(digestKeyDate(key('20261101T100512Z'))?.toISOString()).toBe('2026-11-01T10:05:12.000Z');
    expect(digestKeyDate(key('20261301T100512Z'))).toBeUndefined();
  });

  it("matches this trail's keys only: not another trail's, account's, Region's or home Region's", () => {
    const pattern = digestKeyPattern(SCOPE);
    expect(pattern.test(key('20261101T100512Z'))).toBe(true);
    expect(pattern.test(key('20261101T100512Z', SCOPE, '_backfill.json.gz'))).toBe(true);
    for (const other of [
      { ...SCOPE, trailName: 'other' },
      { ...SCOPE, accountId: '444455556666' },
      { ...SCOPE, homeRegion: 'eu-west-1' },
      // The name's dot is literal, not "any character".
      { ...SCOPE, trailName: 'auditxtrail' },
    ])
      expect(pattern.test(key('20261101T100512Z', other))).toBe(false);
    expect(pattern.test(key('20261101T100512Z', SCOPE, '.json'))).toBe(false);
    expect(digestKeyPattern(ORG_SCOPE).test(key('20261101T100512Z', ORG_SCOPE))).toBe(true);
    expect(digestKeyPattern(ORG_SCOPE).test(key('20261101T100512Z', { ...ORG_SCOPE, prefix: 'logs/ctx' }))).toBe(false);
  });

  it('keeps digests from the start to one hour after the end, stopping at the first one after', () => {
    const verdictOf = digestKeyFilter(SCOPE, new Date('2026-11-01T10:00:00Z'), new Date('2026-11-01T12:00:00Z'));
    expect(verdictOf(key('20261101T095930Z'))).toBe('skip');
    expect(verdictOf(key('20261101T100000Z'))).toBe('standard');
    expect(verdictOf(key('20261101T130000Z', SCOPE, '_backfill.json.gz'))).toBe('backfill');
    expect(verdictOf(key('20261101T130000Z'))).toBe('standard');
    expect(verdictOf(key('20261101T130001Z'))).toBe('stop');
    expect(verdictOf(key('20261101T110000Z', { ...SCOPE, trailName: 'other' }))).toBe('skip');
    expect(verdictOf('')).toBe('skip');
  });
});
