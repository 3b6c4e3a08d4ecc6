/** The check tester lives in src/testing (published as trailaudit/testing); this path stays for the tests. */
export * from '../../src/testing/check-tester';
