import { frameworks } from '../../../src/engine/frameworks';
import type { Finding } from '../../../src/model/findings';
import { coverageView } from '../../../src/render/coverage';

const finding = (checkId: string, status: Finding['status']): Finding => ({ checkId, status }) as unknown as Finding;

describe('the Coverage appendix', () => {
  const view = coverageView(
    ['cloudtrail-multi-region', 'cloudtrail-log-file-validation'],
    [
      finding('cloudtrail-multi-region', 'FAIL'),
      finding('cloudtrail-multi-region', 'PASS'),
      finding('cloudtrail-multi-region', 'PASS'),
      finding('cloudtrail-log-file-validation', 'PASS'),
    ],
  );

  it('lists every framework and every requirement of its file, once', () => {
    expect(view.frameworks.map((f) => f.id)).toEqual(frameworks().map((f) => f.id));
    const total = frameworks().reduce((sum, f) => sum + f.requirements.length, 0);
    expect(view.requirementCount).toBe(total);
    for (const framework of view.frameworks) {
      const ids = framework.requirements.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it("gives each implementing check this run's outcome, or says it was not evaluated", () => {
    const pci = view.frameworks.find((f) => f.id === 'pci-dss-4.0');
    const logged = pci?.requirements.find((r) => r.id === '10.2.1');
    expect(logged?.checks.find((c) => c.id === 'cloudtrail-multi-region')).toEqual({
      id: 'cloudtrail-multi-region',
      outcome: '1 fail · 2 pass',
      cls: 'fail',
    });
    expect(logged?.checks.find((c) => c.id === 'cloudtrail-logging-continuity')).toEqual({
      id: 'cloudtrail-logging-continuity',
      outcome: 'not evaluated in this run',
      cls: 'none',
    });
  });

  it('orders requirement ids naturally (10.2.1 after 4.2.1)', () => {
    const ids = view.frameworks.find((f) => f.id === 'pci-dss-4.0')?.requirements.map((r) => r.id) ?? [];
    expect(ids.indexOf('4.2.1')).toBeLessThan(ids.indexOf('10.2.1'));
  });
});
