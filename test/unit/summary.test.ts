import { printSummary } from '../../src/cli/summary';
import type { Results, Status } from '../../src/model/findings';
import { captureIo } from '../support/scan-helpers';

const counts = (fail: number): Record<Status, number> => ({
  PASS: 0,
  FAIL: fail,
  ERROR: 0,
  NOT_APPLICABLE: 0,
  WAIVED: 0,
});

function resultsWithFailingCheck(checkId: string): Results {
  return {
    checks: [{ id: checkId, title: 't', severity: 'high' }],
    summary: {
      total: 1,
      byStatus: counts(1),
      failingBySeverity: { critical: 0, high: 1, medium: 0, low: 0, informational: 0 },
      byCheck: { [checkId]: counts(1) },
      failingChecks: [checkId],
    },
  } as unknown as Results;
}

describe('the stderr summary', () => {
  it('prints check ids and the output folder without control characters that could rewrite the terminal', () => {
    const io = captureIo();
    printSummary(resultsWithFailingCheck('evil\u001b[2K-check\u0007'), io, 'reports/run\n✓ no failing checks');
    const [text] = io.err;
    expect(text).toContain('  ✗ evil-check (high): 1 FAIL, 0 ERROR\n');
    expect(text).toContain('Results: reports/run ✓ no failing checks/results.json');
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(text?.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});
